import { startEventConsumers } from '@mcp/messaging';
import { Module, ValidationPipe, type DynamicModule, type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { loadConfig } from './config/load-config';
import type { ServiceConfig } from './config/service-config';
import { runMigrations, withDataSource } from './database/database-settings';
import { defaultPortOf, type ServiceDefinition } from './definition/service-definition';
import { DomainErrorFilter } from './errors/domain-error.filter';
import { applyHttpHardening } from './http/http-hardening';
import { httpMetricsMiddleware } from './metrics/http-metrics';
import { ServiceMetrics } from './metrics/service-metrics';
import { ServiceTracing } from './tracing/service-tracing';
import { httpTracingMiddleware } from './tracing/http-tracing';
import { databaseSettingsOf, kafkaSettingsOf, ServicePlatformModule, type ServiceRole } from './service-platform.module';

@Module({})
class ServiceRootModule {}

function rootModule<TConfig extends ServiceConfig, TOverrides>(
  service: ServiceDefinition<TConfig, TOverrides>,
  config: TConfig,
  role: ServiceRole,
  overrides?: TOverrides,
): DynamicModule {
  return {
    module: ServiceRootModule,
    imports: [
      ServicePlatformModule.forRoot(config, service, role),
      service.appModule(config, overrides),
    ],
  };
}

/** The service's config from the environment (or `env`), its port defaulting to the catalogue's. */
export function loadServiceConfig<TConfig extends ServiceConfig>(
  service: ServiceDefinition<TConfig, never> | ServiceDefinition<TConfig, unknown>,
  env: Record<string, string | undefined> = process.env,
): TConfig {
  return loadConfig(service.Config, { PORT: String(defaultPortOf(service)), ...env });
}

/**
 * Builds a service's Nest application exactly as production runs it (pipes, filter, OpenAPI, the
 * Kafka consumers of its `@HandleEvent` methods), without listening yet, so tests start the real thing.
 */
export async function createServiceApp<TConfig extends ServiceConfig, TOverrides>(
  service: ServiceDefinition<TConfig, TOverrides>,
  config: TConfig,
  overrides?: TOverrides,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule(service, config, 'server', overrides), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  applyHttpHardening(app, config);
  // Before init, so they wrap every route (and the 401s and 404s no route handler sees); tracing
  // first, so the request's span is active for everything after it.
  app.use(httpTracingMiddleware(app.get(ServiceTracing).tracer));
  app.use(httpMetricsMiddleware(app.get(ServiceMetrics)));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new DomainErrorFilter());
  if (config.MCP_ENVIRONMENT !== 'production') serveApiDocs(app, service);
  // init first: it creates the topics, which the consumer must find when it subscribes.
  await app.init();
  await startEventConsumers(app, kafkaSettingsOf(config, service));
  return app;
}

/**
 * Swagger UI at `/docs`, outside production only: the full map of routes, roles and parameters
 * helps an attacker more than an operator there (docs/decisions.md #54); the same document is
 * generated from the code in any checkout.
 */
function serveApiDocs(app: INestApplication, service: { name: string; description: string }): void {
  const openApi = new DocumentBuilder()
    .setTitle(`MCP ${service.name}`)
    .setDescription(service.description)
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
}

/** `main.ts`: `node main.ts` serves the service, `node main.ts migrate` migrates and seeds it. */
export async function runService<TConfig extends ServiceConfig, TOverrides>(
  service: ServiceDefinition<TConfig, TOverrides>,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  try {
    const config = loadServiceConfig(service);
    if (argv[0] === 'migrate') {
      console.log(await migrateService(service, config));
      return;
    }
    if (argv.length > 0) throw new Error(`Perintah tidak dikenal: ${argv.join(' ')} (usage: main [migrate])`);
    const app = await createServiceApp(service, config);
    await app.listen(config.PORT, config.HOST);
    const docs = config.MCP_ENVIRONMENT === 'production' ? 'no /docs in production' : 'docs at /docs';
    app.get(Logger).log(`${service.name} listening on http://${config.HOST}:${config.PORT} (${docs})`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}

/** Applies pending migrations in the service's schema, then its `afterMigrate` step; returns a log line. */
export async function migrateService<TConfig extends ServiceConfig, TOverrides>(
  service: ServiceDefinition<TConfig, TOverrides>,
  config: TConfig,
): Promise<string> {
  const settings = databaseSettingsOf(config, service);
  const applied = await runMigrations(settings);
  const { afterMigrate } = service;
  const after = afterMigrate ? await withDataSource(settings, (dataSource) => afterMigrate(dataSource, config)) : '';
  return `${service.name}: ${applied.length} migration(s) applied${after ? `; ${after}` : ''}`;
}

/**
 * Opens the service as a standalone Nest context for a command: the same providers and database,
 * writes to the outbox allowed, but no HTTP, no consumers, no relay (the running service publishes).
 */
export async function withServiceContext<TConfig extends ServiceConfig, TOverrides, TResult>(
  service: ServiceDefinition<TConfig, TOverrides>,
  work: (context: INestApplicationContext, config: TConfig) => Promise<TResult>,
  env: Record<string, string | undefined> = process.env,
  overrides?: TOverrides,
): Promise<TResult> {
  const config = loadServiceConfig(service, env);
  const context = await NestFactory.createApplicationContext(rootModule(service, config, 'cli', overrides), { logger: ['error', 'warn'] });
  try {
    return await work(context, config);
  } finally {
    await context.close();
  }
}
