import schema from '../../schemas/mcp.framework.published.v1.schema.json';
import { defineContract } from '../event-contract';
import type { FrameworkPublishedV1 } from '../generated/mcp.framework.published.v1';
import { Topics } from '../topics';

export type { FrameworkPublishedV1 };

/** Keyed by year on a compacted topic, so a new consumer reads each year's latest revision. */
export const FrameworkPublished = defineContract<FrameworkPublishedV1>(
  Topics.frameworkPublished,
  schema,
  (data) => String(data.year),
  (data) => `${data.year}/r${data.revision}`,
  {
    key: 'year',
    compacted: true,
    producer: 'scoring',
    consumers: ['submissions', 'verification', 'scoring', 'notification', 'reporting'],
    note: "A new reader gets each year's latest revision.",
  },
);
