import schema from '../../schemas/mcp.score.updated.v1.schema.json';
import { defineContract } from '../event-contract';
import type { ScoreUpdatedV1 } from '../generated/mcp.score.updated.v1';
import { Topics } from '../topics';

import type { Wilayah } from '@mcp/mcp-domain';

export type { ScoreUpdatedV1, Wilayah };

export const ScoreUpdated = defineContract<ScoreUpdatedV1>(
  Topics.scoreUpdated,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}`,
  { key: 'pemdaCode', compacted: false, producer: 'scoring', consumers: ['reporting', 'portal'] },
);
