import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { PreparingClient } from '@mcp/postgres-client';

export interface DatabaseSettings {
  url: string;
  /** Each service owns one schema; no service reads another's tables. */
  schema: string;
  // TypeORM takes entity classes as plain constructors.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  migrations: (new () => MigrationInterface)[];
  /** How long a query waits for a free pooled connection before it fails (0: for ever); 15 s unless set. */
  poolWaitMs?: number;
  /** How long Postgres lets a transaction sit idle before it ends the session (0: for ever); 60 s unless set. */
  idleInTransactionMs?: number;
}

export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTableName: 'typeorm_migrations',
    // Schema changes only ever happen through reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    // PreparingClient sends the statements marked `prepared()` by name (libs/postgres-client).
    // A wait for a pooled connection ends (DATABASE_POOL_WAIT_MS): without it a request queued behind
    // a pool held by a stuck transaction waited for ever; now it fails, and the filter answers 503.
    // A transaction left open by a replica that froze or lost its way (a paused VM, an await that
    // never returns) held its row locks for ever: on a hot aggregate row that stalls every replica
    // behind it. Postgres now ends such a session (DATABASE_IDLE_IN_TRANSACTION_MS); the two
    // transactions that wait on the outside world by design opt out (docs/decisions.md #195).
    extra: {
      max: 10,
      application_name: settings.schema,
      Client: PreparingClient,
      connectionTimeoutMillis: settings.poolWaitMs ?? 15_000,
      options: `-c idle_in_transaction_session_timeout=${settings.idleInTransactionMs ?? 60_000}`,
    },
  };
}

/** Creates the database when missing: a fresh machine has only the server and its default DBs. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    // Two services migrating at once may race to create it; the loser finds it there.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/** Applies the service's pending migrations in its own schema; returns their names. */
export async function runMigrations(settings: DatabaseSettings): Promise<string[]> {
  await ensureDatabase(settings.url);
  const dataSource = new DataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  try {
    // Replicas of a new release start together; the session lock makes them migrate one at a time.
    // A session lock belongs to one connection, so it is taken on a dedicated query runner.
    const lockKey = `migrations:${settings.schema}`;
    const lockHolder = dataSource.createQueryRunner();
    await lockHolder.connect();
    await lockHolder.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      // A service's own role may not create schemas (the administrator's setup made this one and
      // gave it to the role: database-roles.ts); CREATE SCHEMA IF NOT EXISTS checks that privilege first.
      const existing: unknown[] = await dataSource.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [settings.schema]);
      if (existing.length === 0) await dataSource.query(`CREATE SCHEMA "${settings.schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      await lockHolder.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Runs work against a short-lived connection to the service's schema (CLI commands, seeding). */
export async function withDataSource<T>(
  settings: DatabaseSettings,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
