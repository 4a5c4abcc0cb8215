import type { ColumnOptions } from 'typeorm';

/** Postgres returns numeric as a string (to keep precision); claims and rubric values are small. */
export function nullableNumericColumn(name: string): ColumnOptions {
  return {
    name,
    type: 'numeric',
    nullable: true,
    transformer: { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) },
  };
}
