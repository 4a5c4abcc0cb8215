import schema from '../../schemas/mcp.score.snapshot.v1.schema.json';
import { defineContract } from '../event-contract';
import type { ScoreSnapshotV1 } from '../generated/mcp.score.snapshot.v1';
import { Topics } from '../topics';

export type { ScoreSnapshotV1 };

export const ScoreSnapshot = defineContract<ScoreSnapshotV1>(
  Topics.scoreSnapshot,
  schema,
  (data) => `${data.pemdaCode}/${data.year}`,
  (data) => `${data.pemdaCode}/${data.year}`,
  {
    key: '`pemdaCode/year` (e.g. `32.73/2024`)',
    compacted: true,
    producer: 'scoring',
    consumers: [],
    note: 'State, not history: read it from offset 0 to get the current score of every Pemda and year, then follow mcp.score.updated.v1 (or this topic) for changes.',
  },
);
