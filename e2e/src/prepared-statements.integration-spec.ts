import { dropSchemas, queryTestDatabase, testDatabaseUrl } from '@mcp/testing';
import { QueryFailedError } from 'typeorm';
import { prepared } from '@mcp/postgres-client';
import { withDataSource, type DatabaseSettings } from '@mcp/service-runtime';

// Here rather than beside libs/postgres-client/src/prepared-statements.ts: it needs a DataSource as
// the services make them (service-runtime) and the test database (@mcp/testing).
const schema = 'prepared_statements_test';
const settings: DatabaseSettings = { url: testDatabaseUrl, schema, entities: [], migrations: [] };

beforeAll(async () => {
  await dropSchemas([schema]);
  await queryTestDatabase(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.item (id int PRIMARY KEY, label text)`);
  await queryTestDatabase(`INSERT INTO ${schema}.item VALUES (1, 'satu'), (2, 'dua')`);
});

afterAll(() => dropSchemas([schema]));

/** The named statements the connection running this statement holds, and that connection's pid. */
const sessionOf = `SELECT pg_backend_pid() AS pid, ARRAY(SELECT statement FROM pg_prepared_statements ORDER BY statement) AS statements`;

it('sends a marked text by name, once prepared per connection, and an unmarked one unnamed', async () => {
  await withDataSource(settings, async (dataSource) => {
    const runner = dataSource.createQueryRunner();
    try {
      const marked = prepared(`SELECT label FROM ${schema}.item WHERE id = $1`);
      expect(await runner.query(marked, [1])).toEqual([{ label: 'satu' }]);
      expect(await runner.query(marked, [2])).toEqual([{ label: 'dua' }]);
      expect(await runner.query(`SELECT label FROM ${schema}.item WHERE id > $1 ORDER BY id`, [0])).toEqual([{ label: 'satu' }, { label: 'dua' }]);
      const [session] = await runner.query(sessionOf);
      expect(session.statements).toEqual([marked]);
    } finally {
      await runner.release();
    }
  });
});

it('keeps TypeORM errors for a marked statement that fails, and the connection usable after', async () => {
  await withDataSource(settings, async (dataSource) => {
    const insert = prepared(`INSERT INTO ${schema}.item (id, label) VALUES ($1, $2)`);
    const failed = await dataSource.query(insert, [1, 'lagi']).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(QueryFailedError);
    expect((failed as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
    await dataSource.transaction(async (manager) => {
      await manager.query(insert, [3, 'tiga']);
      expect(await manager.query(prepared(`SELECT label FROM ${schema}.item WHERE id = $1`), [3])).toEqual([{ label: 'tiga' }]);
    });
  });
});

it('after a migration changes a marked statement\'s columns, that connection fails once and then sends it unnamed', async () => {
  await withDataSource(settings, async (dataSource) => {
    const runner = dataSource.createQueryRunner();
    try {
      const everything = prepared(`SELECT * FROM ${schema}.item WHERE id = $1`);
      expect(await runner.query(everything, [2])).toEqual([{ id: 2, label: 'dua' }]);
      await queryTestDatabase(`ALTER TABLE ${schema}.item ADD COLUMN note text`);
      const refused = await runner.query(everything, [2]).catch((error: { driverError?: { code?: string } }) => error);
      expect((refused as { driverError: { code: string } }).driverError.code).toBe('0A000');
      expect(await runner.query(everything, [2])).toEqual([{ id: 2, label: 'dua', note: null }]);
    } finally {
      await runner.release();
    }
  });
});
