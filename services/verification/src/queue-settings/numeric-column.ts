import type { ValueTransformer } from 'typeorm';

/** Postgres returns numeric as text; rubric values (0–100, two decimals) are safe as numbers. */
export const nullableNumeric: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
