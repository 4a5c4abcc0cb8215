import 'reflect-metadata';
import {
  createServiceApp,
  loadServiceConfig,
  migrateService,
  prepareDatabase,
  serviceCatalogue,
  serviceDatabaseUrl,
  serviceRoleOf,
  withServiceContext,
  type AnyServiceDefinition,
  type ServiceConfig,
} from '@mcp/service-runtime';
import { dropSchemas, kafkaPrincipalEnv, queryTestDatabase, resetTopics, serviceTestEnv, testDatabaseUrl } from '@mcp/testing';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ServiceName = string;

interface ServiceSlot {
  definition: AnyServiceDefinition;
  config: ServiceConfig;
}

/** A service's definition, found by the naming rule: services/<name>/src/<name>.definition.ts exports `<name>Service`. */
export function serviceDefinition(name: string): AnyServiceDefinition {
  const module = require(`../../services/${name}/src/${name}.definition`) as Record<string, AnyServiceDefinition>;
  const definition = module[`${name}Service`];
  if (!definition) throw new Error(`services/${name}/src/${name}.definition.ts does not export ${name}Service`);
  return definition;
}

/**
 * Every service of services/catalogue.json, each started exactly as its main.ts starts it (same
 * definition, same runtime), in one process against the test broker and database, and replicas
 * on request. Several copies of one service share its schema and consumer group as in production.
 */
export class PlatformUnderTest {
  readonly storageDir = mkdtempSync(join(tmpdir(), 'mcp-e2e-evidence-'));
  private readonly apps = new Map<string, INestApplication>();
  private readonly slots = new Map<ServiceName, ServiceSlot>();

  private readonly testEnv: Record<string, string>;

  constructor(env: Record<string, string> = {}) {
    this.testEnv = serviceTestEnv({ STORAGE_DIR: this.storageDir, CONSUMER_RETRY_BACKOFF_MS: '50', ...env });
    for (const { name } of serviceCatalogue) {
      const definition = serviceDefinition(name);
      this.slots.set(name, { definition, config: loadServiceConfig(definition, this.envOf(name)) });
    }
  }

  /**
   * Empty topics and schemas, the administrator's step (each schema owned by its service's role),
   * then every service's migrations and seed as that role, as `npm run up` does.
   */
  async prepare(): Promise<void> {
    await resetTopics();
    await dropSchemas([...this.slots.keys()]);
    await prepareDatabase(testDatabaseUrl, [...this.slots.keys()]);
    for (const { definition, config } of this.slots.values()) await migrateService(definition, config);
  }

  async startAll(): Promise<void> {
    for (const name of this.slots.keys()) await this.start(name);
  }

  /** Starts a service, or with `replica` one more copy of it (`http(name, replica)` reaches it). */
  async start(name: ServiceName, replica = 0): Promise<void> {
    const { definition } = this.slotOf(name);
    const app = await createServiceApp(definition, this.configFor(name));
    await app.listen(0, '127.0.0.1');
    this.apps.set(appKey(name, replica), app);
  }

  async stop(name: ServiceName, replica = 0): Promise<void> {
    const key = appKey(name, replica);
    const app = this.apps.get(key);
    if (app) await this.close(key, app);
    this.apps.delete(key);
  }

  /**
   * Closes every service at once: they are independent (each drains its own consumers and relay),
   * and one slow to close on a loaded machine must not leave the others' loops running into the
   * next test file.
   */
  async stopAll(): Promise<void> {
    const apps = [...this.apps.entries()];
    this.apps.clear();
    await Promise.all(apps.map(([key, app]) => this.close(key, app)));
  }

  /**
   * Closes one service, and says which one if that takes long: a close that hangs otherwise shows
   * only as Jest's hook timeout, with nothing to say what it waits on (a CI run once failed so).
   */
  private async close(key: string, app: INestApplication): Promise<void> {
    const report = setTimeout(() => void reportSlowClose(key, app), SLOW_CLOSE_REPORT_MS);
    try {
      await app.close();
    } finally {
      clearTimeout(report);
    }
  }

  http(name: ServiceName, replica = 0): unknown {
    const app = this.apps.get(appKey(name, replica));
    if (!app) throw new Error(`${name} replica ${replica} is not running`);
    return app.getHttpServer();
  }

  /** The running Nest application (to reach a provider a test must wait on). */
  app(name: ServiceName, replica = 0): INestApplication {
    const app = this.apps.get(appKey(name, replica));
    if (!app) throw new Error(`${name} replica ${replica} is not running`);
    return app;
  }

  /**
   * A service's providers without its HTTP server or consumers, as its command-line tools run them:
   * lets a test act as the service while its running copy is stopped (e.g. a race between services).
   */
  withContext<T>(name: ServiceName, work: (context: INestApplicationContext) => Promise<T>): Promise<T> {
    return withServiceContext(this.slotOf(name).definition, (context) => work(context), this.envOf(name));
  }

  /** Base URL of a running service (first replica), e.g. for the portal's upstreams or a browser. */
  async url(name: ServiceName, replica = 0): Promise<string> {
    const app = this.apps.get(appKey(name, replica));
    if (!app) throw new Error(`${name} replica ${replica} is not running`);
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  /** The portal calls the services where they listen here (ephemeral ports), like PORTAL_UPSTREAMS in a deployment. */
  private configFor(name: ServiceName): ServiceConfig {
    const { definition, config } = this.slotOf(name);
    if (name !== 'portal') return config;
    const upstreams = [...this.apps.entries()]
      .filter(([key]) => key.endsWith('#0') && !key.startsWith('portal#'))
      .map(([key, app]) => `${key.slice(0, -2)}=http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
    return loadServiceConfig(definition, { ...this.envOf(name), ...(upstreams.length > 0 ? { PORTAL_UPSTREAMS: upstreams.join(',') } : {}) });
  }

  /**
   * Each service connects as its own Postgres role, owning only its schema (docs/decisions.md #50),
   * and talks to the broker as its own principal, so the grants and ACLs are in force as deployed.
   */
  private envOf(name: ServiceName): Record<string, string> {
    return { ...this.testEnv, ...kafkaPrincipalEnv(name), DATABASE_URL: serviceDatabaseUrl(this.testEnv.DATABASE_URL ?? testDatabaseUrl, name) };
  }

  private slotOf(name: ServiceName): ServiceSlot {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`${name} is not in services/catalogue.json`);
    return slot;
  }
}

const SLOW_CLOSE_REPORT_MS = 20_000;

/** What a service slow to close may be waiting on: its open HTTP connections and its database sessions. */
async function reportSlowClose(key: string, app: INestApplication): Promise<void> {
  const server = app.getHttpServer() as { getConnections(callback: (error: Error | null, count: number) => void): void };
  const connections = await new Promise<number | string>((resolve) => server.getConnections((error, count) => resolve(error ? error.message : count)));
  const name = key.slice(0, key.indexOf('#'));
  const sessions = await queryTestDatabase<Record<string, unknown>>(
    `SELECT pid, application_name, state, wait_event_type, wait_event, now() - xact_start AS in_transaction_for, left(query, 200) AS query
       FROM pg_stat_activity WHERE datname = current_database() AND usename = $1`,
    [serviceRoleOf(name)],
  ).catch((error: Error) => error.message);
  console.error(
    `${key} has not closed after ${SLOW_CLOSE_REPORT_MS / 1000} s. Open HTTP connections: ${connections}. ` +
      `Its database sessions: ${JSON.stringify(sessions, null, 1)}. Pending in this process: ${JSON.stringify(process.getActiveResourcesInfo())}`,
  );
}

function appKey(name: ServiceName, replica: number): string {
  return `${name}#${replica}`;
}
