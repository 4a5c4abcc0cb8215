import 'reflect-metadata';
import { seedReferenceData } from '@mcp/reference-data';
import {
  createServiceApp,
  databaseSettingsOf,
  loadConfig,
  runMigrations,
  withDataSource,
  type ServiceConfig,
  type ServiceDefinition,
} from '@mcp/service-runtime';
import { dropSchemas, resetTopics, serviceTestEnv } from '@mcp/testing';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule as NotificationApp } from '../../services/notification/src/app.module';
import { NotificationConfig } from '../../services/notification/src/notification-config';
import { notificationService } from '../../services/notification/src/notification.definition';
import { AppModule as ReportingApp } from '../../services/reporting/src/app.module';
import { ReportingConfig } from '../../services/reporting/src/reporting-config';
import { reportingService } from '../../services/reporting/src/reporting.definition';
import { AppModule as ScoringApp } from '../../services/scoring/src/app.module';
import { ScoringConfig } from '../../services/scoring/src/scoring-config';
import { scoringService } from '../../services/scoring/src/scoring.definition';
import { AppModule as SubmissionsApp } from '../../services/submissions/src/app.module';
import { SubmissionsConfig } from '../../services/submissions/src/submissions-config';
import { submissionsService } from '../../services/submissions/src/submissions.definition';
import { AppModule as VerificationApp } from '../../services/verification/src/app.module';
import { VerificationConfig } from '../../services/verification/src/verification-config';
import { verificationService } from '../../services/verification/src/verification.definition';

type ServiceName = 'submissions' | 'verification' | 'scoring' | 'notification' | 'reporting';
type Definition = ServiceDefinition & { description: string };

interface ServiceSlot {
  definition: Definition;
  config: ServiceConfig;
  module: (config: never) => DynamicModule;
  needsReferenceData: boolean;
}

/** The five services, each started exactly as its main.ts starts it, against the test infra. */
export class PlatformUnderTest {
  readonly storageDir = mkdtempSync(join(tmpdir(), 'mcp-e2e-evidence-'));
  private readonly apps = new Map<ServiceName, INestApplication>();
  private readonly slots: Record<ServiceName, ServiceSlot>;

  constructor() {
    const env = serviceTestEnv({ STORAGE_DIR: this.storageDir, CONSUMER_RETRY_BACKOFF_MS: '50' });
    this.slots = {
      submissions: slot(submissionsService, loadConfig(SubmissionsConfig, env), (c) => SubmissionsApp.register(c), true),
      verification: slot(verificationService, loadConfig(VerificationConfig, env), (c) => VerificationApp.register(c), true),
      scoring: slot(scoringService, loadConfig(ScoringConfig, env), (c) => ScoringApp.register(c), true),
      notification: slot(notificationService, loadConfig(NotificationConfig, env), (c) => NotificationApp.register(c), false),
      reporting: slot(reportingService, loadConfig(ReportingConfig, env), (c) => ReportingApp.register(c), true),
    };
  }

  /** Empty topics and schemas, then every service's migrations and seed, as `npm run up` does. */
  async prepare(): Promise<void> {
    await resetTopics();
    await dropSchemas(Object.keys(this.slots));
    for (const slot of Object.values(this.slots)) {
      const settings = databaseSettingsOf(slot.config, slot.definition);
      await runMigrations(settings);
      if (slot.needsReferenceData) {
        await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, settings.schema));
      }
    }
  }

  async startAll(): Promise<void> {
    for (const name of Object.keys(this.slots) as ServiceName[]) await this.start(name);
  }

  async start(name: ServiceName): Promise<void> {
    const slot = this.slots[name];
    const app = await createServiceApp(slot.module(slot.config as never), slot.config, slot.definition);
    await app.listen(0, '127.0.0.1');
    this.apps.set(name, app);
  }

  async stop(name: ServiceName): Promise<void> {
    await this.apps.get(name)?.close();
    this.apps.delete(name);
  }

  async stopAll(): Promise<void> {
    for (const name of [...this.apps.keys()]) await this.stop(name);
  }

  http(name: ServiceName): unknown {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not running`);
    return app.getHttpServer();
  }
}

function slot<TConfig extends ServiceConfig>(
  definition: Definition,
  config: TConfig,
  module: (config: TConfig) => DynamicModule,
  needsReferenceData: boolean,
): ServiceSlot {
  return { definition, config, module: module as (config: never) => DynamicModule, needsReferenceData };
}
