import schema from '../../schemas/mcp.year.closed.v1.schema.json';
import { defineContract } from '../event-contract';
import type { YearClosedV1 } from '../generated/mcp.year.closed.v1';
import { Topics } from '../topics';

export type { YearClosedV1 };

/** Keyed by year on a compacted topic: every service learns which years are closed, even later. */
export const YearClosed = defineContract<YearClosedV1>(
  Topics.yearClosed,
  schema,
  (data) => String(data.year),
  (data) => String(data.year),
  {
    key: 'year',
    compacted: true,
    producer: 'scoring',
    consumers: ['submissions', 'verification', 'notification', 'reporting'],
    note: "After it, the year's final scores never change and late decisions are refused.",
  },
);
