import schema from '../../schemas/mcp.year.closed.v1.schema.json';
import { defineContract } from '../event-contract';
import { Topics } from '../topics';

export interface YearClosedV1 {
  year: number;
  closedAt: string;
  closedBy: string;
}

/** Keyed by year on a compacted topic: every service learns which years are closed, even later. */
export const YearClosed = defineContract<YearClosedV1>(
  Topics.yearClosed,
  schema,
  (data) => String(data.year),
  (data) => String(data.year),
);
