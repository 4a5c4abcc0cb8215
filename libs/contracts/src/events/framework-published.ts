import schema from '../../schemas/mcp.framework.published.v1.schema.json';
import { defineContract } from '../event-contract';
import { Topics } from '../topics';

export interface FrameworkPublishedV1 {
  year: number;
  revision: number;
  /** The framework document; its shape is validated by libs/mcp-domain, not repeated here. */
  framework: { year: number; revision: number; areas: unknown[] } & Record<string, unknown>;
  publishedAt: string;
}

/** Keyed by year on a compacted topic, so a new consumer reads each year's latest revision. */
export const FrameworkPublished = defineContract<FrameworkPublishedV1>(
  Topics.frameworkPublished,
  schema,
  (data) => String(data.year),
  (data) => `${data.year}/r${data.revision}`,
);
