import { MAX_DECIMAL_PLACES } from '@mcp/mcp-domain';
import type { ColumnOptions } from 'typeorm';

/**
 * Claims and verified values are rubric steps, which a framework may give with up to 6 decimals
 * (validateFramework, e.g. 33.333333): requests may carry that many, and the columns keep them
 * exactly (plain `numeric`, as scoring stores the same values).
 */
export const RUBRIC_VALUE_DECIMALS = MAX_DECIMAL_PLACES;

/** Postgres returns numeric as a string (to keep precision); a rubric value (0–100, 6 decimals at most) reads back as the same number. */
export function nullableNumericColumn(name: string): ColumnOptions {
  return {
    name,
    type: 'numeric',
    nullable: true,
    transformer: { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) },
  };
}
