import { testDatabaseUrl } from '@mcp/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { classifyFailure } from '@mcp/messaging';
import { dataSourceOptions, type DatabaseSettings } from '@mcp/service-runtime';

/*
 * The pool's sessions against the real server: a transaction left idle is ended by Postgres and its
 * locks go with it (docs/decisions.md #195), and the pool goes on serving.
 */
const settings = (idleInTransactionMs?: number): DatabaseSettings => ({ url: testDatabaseUrl, schema: 'public', entities: [], migrations: [], idleInTransactionMs });

async function withDataSource<T>(options: DatabaseSettings, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(options));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a transaction left idle', () => {
  it('gives every pooled session a limit of 60 s unless told otherwise', async () => {
    await withDataSource(settings(), async (dataSource) => {
      expect(await dataSource.query('SHOW idle_in_transaction_session_timeout')).toEqual([{ idle_in_transaction_session_timeout: '1min' }]);
    });
  });

  it('is ended by Postgres after the limit, as a transient failure: its lock is free for others while it still waits, and the pool serves on', async () => {
    const lockKey = Math.floor(Math.random() * 1e9);
    const other = new Client({ connectionString: testDatabaseUrl });
    await other.connect();
    try {
      // Limits wide apart, so a worker stalled for a second on a busy machine reads the same.
      await withDataSource(settings(2_000), async (dataSource) => {
        let holding: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (holding = resolve));
        const abandoned = dataSource.transaction(async (manager) => {
          await manager.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
          holding();
          // An await that takes far too long (a frozen replica, a call that never returns).
          await sleep(6_000);
          await manager.query('SELECT 1');
        });
        const ended = abandoned.then(
          () => null,
          (error: Error) => error,
        );
        await held;
        const tryLock = async () => (await other.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [lockKey])).rows[0].locked as boolean;
        expect(await tryLock()).toBe(false);
        await sleep(3_500);
        // Still inside its sleep, the transaction no longer holds anything.
        expect(await tryLock()).toBe(true);
        // What the transaction's caller sees is the kind of failure a consumer waits out and HTTP answers 503.
        expect(classifyFailure(await ended)).toBe('transient');
        expect(await dataSource.query('SELECT 1 AS alive')).toEqual([{ alive: 1 }]);
      });
    } finally {
      await other.end();
    }
  });

  it('lets a transaction that waits on the outside world by design opt out with SET LOCAL', async () => {
    await withDataSource(settings(500), async (dataSource) => {
      const answer = await dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL idle_in_transaction_session_timeout = 0');
        await sleep(1_500);
        return manager.query('SELECT 1 AS alive');
      });
      expect(answer).toEqual([{ alive: 1 }]);
    });
  });
});
