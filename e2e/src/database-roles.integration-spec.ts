import 'reflect-metadata';
import { loadServiceConfig, migrateService, prepareDatabase, serviceCatalogue, serviceDatabaseUrl } from '@mcp/service-runtime';
import { dropSchemas, queryTestDatabase, serviceTestEnv, testDatabaseUrl } from '@mcp/testing';
import { Client } from 'pg';
import { serviceDefinition } from './platform-under-test';

/*
 * Least privilege in Postgres: each service connects as its own role, which owns its schema and
 * can reach no other service's tables, nor the audit log's. The administrator's step is
 * idempotent, runs concurrently, and takes over a schema an older release created as the superuser.
 */
const services = serviceCatalogue.map(({ name }) => name);

async function asRole<T>(service: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serviceDatabaseUrl(testDatabaseUrl, service) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function migrateAsRole(service: string): Promise<void> {
  const definition = serviceDefinition(service);
  await migrateService(definition, loadServiceConfig(definition, serviceTestEnv({ DATABASE_URL: serviceDatabaseUrl(testDatabaseUrl, service) })));
}

beforeAll(async () => {
  await dropSchemas(['submissions', 'scoring']);
  // Twice at once: two administrators (or two engineers' test runs on one server) must not collide.
  await Promise.all([prepareDatabase(testDatabaseUrl, services), prepareDatabase(testDatabaseUrl, services)]);
  await migrateAsRole('submissions');
  await migrateAsRole('scoring');
});

describe('each service as its own Postgres role', () => {
  it('owns its schema and reads its own tables', async () => {
    const [owner] = await queryTestDatabase<{ owner: string }>(
      "SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'submissions'",
    );
    expect(owner.owner).toBe('mcp_submissions');
    const [tableOwner] = await queryTestDatabase<{ owner: string }>("SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'submissions' AND tablename = 'evidence'");
    expect(tableOwner.owner).toBe('mcp_submissions');
    await expect(asRole('submissions', (client) => client.query('SELECT count(*) FROM submissions.evidence'))).resolves.toBeDefined();
  });

  it("cannot select another service's tables", async () => {
    await expect(asRole('scoring', (client) => client.query('SELECT * FROM submissions.evidence'))).rejects.toThrow(
      'permission denied for schema submissions',
    );
    await expect(asRole('submissions', (client) => client.query('SELECT * FROM scoring.pemda_score'))).rejects.toThrow(
      'permission denied for schema scoring',
    );
    await expect(asRole('reporting', (client) => client.query('SELECT * FROM submissions.evidence'))).rejects.toThrow(/permission denied/);
  });

  it('cannot read the audit log, create a schema, or give itself another role', async () => {
    await expect(asRole('submissions', (client) => client.query('SELECT * FROM audit.entry'))).rejects.toThrow(/permission denied/);
    await expect(asRole('submissions', (client) => client.query('CREATE SCHEMA intruder'))).rejects.toThrow(/permission denied/);
    await expect(asRole('submissions', (client) => client.query('SET ROLE mcp_scoring'))).rejects.toThrow(/permission denied/);
  });

  it("takes over a schema and its tables created earlier by the administrator", async () => {
    await queryTestDatabase('CREATE TABLE submissions.made_by_an_older_release (id int)');
    await expect(asRole('submissions', (client) => client.query('SELECT * FROM submissions.made_by_an_older_release'))).rejects.toThrow(/permission denied/);
    await prepareDatabase(testDatabaseUrl, services);
    await expect(asRole('submissions', (client) => client.query('SELECT * FROM submissions.made_by_an_older_release'))).resolves.toBeDefined();
    await queryTestDatabase('DROP TABLE submissions.made_by_an_older_release');
  });
});
