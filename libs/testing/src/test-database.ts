import { Client } from 'pg';
import { ensureDatabase } from '@mcp/service-runtime';
import { testDatabaseUrl } from './integration-env';

/** Drops the services' schemas so each test file starts from freshly migrated, empty tables. */
export async function dropSchemas(schemas: string[], url = testDatabaseUrl): Promise<void> {
  await ensureDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Runs a query against the test database, for assertions on what a service stored. */
export async function queryTestDatabase<T = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
  url = testDatabaseUrl,
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
