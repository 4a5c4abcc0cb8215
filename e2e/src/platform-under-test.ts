import 'reflect-metadata';
import {
  createServiceApp,
  loadServiceConfig,
  migrateService,
  serviceCatalogue,
  type AnyServiceDefinition,
  type ServiceConfig,
} from '@mcp/service-runtime';
import { dropSchemas, resetTopics, serviceTestEnv } from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
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

  constructor(env: Record<string, string> = {}) {
    const testEnv = serviceTestEnv({ STORAGE_DIR: this.storageDir, CONSUMER_RETRY_BACKOFF_MS: '50', ...env });
    for (const { name } of serviceCatalogue) {
      const definition = serviceDefinition(name);
      this.slots.set(name, { definition, config: loadServiceConfig(definition, testEnv) });
    }
  }

  /** Empty topics and schemas, then every service's migrations and seed, as `npm run up` does. */
  async prepare(): Promise<void> {
    await resetTopics();
    await dropSchemas([...this.slots.keys()]);
    for (const { definition, config } of this.slots.values()) await migrateService(definition, config);
  }

  async startAll(): Promise<void> {
    for (const name of this.slots.keys()) await this.start(name);
  }

  /** Starts a service, or with `replica` one more copy of it (`http(name, replica)` reaches it). */
  async start(name: ServiceName, replica = 0): Promise<void> {
    const { definition, config } = this.slotOf(name);
    const app = await createServiceApp(definition, config);
    await app.listen(0, '127.0.0.1');
    this.apps.set(appKey(name, replica), app);
  }

  async stop(name: ServiceName, replica = 0): Promise<void> {
    await this.apps.get(appKey(name, replica))?.close();
    this.apps.delete(appKey(name, replica));
  }

  async stopAll(): Promise<void> {
    for (const app of this.apps.values()) await app.close();
    this.apps.clear();
  }

  http(name: ServiceName, replica = 0): unknown {
    const app = this.apps.get(appKey(name, replica));
    if (!app) throw new Error(`${name} replica ${replica} is not running`);
    return app.getHttpServer();
  }

  private slotOf(name: ServiceName): ServiceSlot {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`${name} is not in services/catalogue.json`);
    return slot;
  }
}

function appKey(name: ServiceName, replica: number): string {
  return `${name}#${replica}`;
}
