import schema from '../../schemas/mcp.aggregate.updated.v1.schema.json';
import { defineContract } from '../event-contract';
import type { AggregateUpdatedV1 } from '../generated/mcp.aggregate.updated.v1';
import { Topics } from '../topics';

import type { RegionKind } from '@mcp/mcp-domain';

export type { AggregateUpdatedV1, RegionKind };

export const AggregateUpdated = defineContract<AggregateUpdatedV1>(
  Topics.aggregateUpdated,
  schema,
  (data) => data.regionCode,
  (data) => `${data.regionCode}/${data.year}`,
  { key: 'region code (`32`, `wilayah-III`, `national`)', compacted: false, producer: 'scoring', consumers: ['reporting', 'portal'] },
);
