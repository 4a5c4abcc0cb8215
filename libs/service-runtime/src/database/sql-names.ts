import type { DataSource, EntityManager } from 'typeorm';

type Connected = DataSource | EntityManager;

/**
 * The service's schema as configured on its DataSource. Raw SQL takes the schema from here (or
 * from entity metadata), never from a literal: the same code then runs in any schema, e.g. a test
 * schema or a second deployment, and lint can forbid literals outright.
 */
export function schemaOf(source: Connected): string {
  const dataSource = 'connection' in source ? source.connection : source;
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('The DataSource has no schema configured');
  return schema;
}

/** `"<schema>"."<table>"` for raw SQL, quoted. */
export function sqlTable(source: Connected, table: string): string {
  return `"${schemaOf(source)}"."${table}"`;
}
