import { startEventConsumers } from '@mcp/messaging';
import { Module, ValidationPipe, type DynamicModule, type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
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
  await startEventConsumers(app, kafkaSettingsOf(config, service), {
    lingerMs: config.CONSUMER_LINGER_MS,
    commitIntervalMs: config.CONSUMER_COMMIT_INTERVAL_MS,
    mergePartitionBatches: config.CONSUMER_MERGE_PARTITIONS,
    mergeTopicBatches: config.CONSUMER_MERGE_TOPICS,
  });
  return app;
}

/**
 * Swagger UI at `/docs`, outside production only: the full map of routes, roles and parameters
 * helps an attacker more than an operator there (docs/decisions.md #54); the same document is
 * generated from the code in any checkout.
 */
function serveApiDocs(app: INestApplication, service: { name: string; description: string }): void {
  SwaggerModule.setup('docs', app, () => apiDocumentOf(app, service));
}

/** The service's OpenAPI document, as `/docs-json` serves it and docs/openapi/<service>.json holds it. */
export function apiDocumentOf(app: INestApplication, service: { name: string; description: string }): OpenAPIObject {
  const openApi = new DocumentBuilder()
    .setTitle(`MCP ${service.name}`)
    .setDescription(service.description)
    .setVersion('1')
    .addBearerAuth()
    .build();
  return withRefusalsOfGuardedRoutes(SwaggerModule.createDocument(app, openApi));
}

/** The body DomainErrorFilter writes for every refusal. */
const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string', description: 'A stable code, e.g. UNKNOWN_PEMDA' },
    message: { type: 'string', description: 'In Indonesian, naming the problem' },
    details: { type: 'object' },
    requestId: { type: 'string' },
  },
} as const;

const GUARD_REFUSALS: Record<string, string> = {
  '401': 'No bearer token, or one that is expired or not signed by a trusted issuer',
  '403': "The caller's role or scope (Pemda, wilayah) does not allow it",
};

/**
 * Every route behind the bearer guard (an operation with `security`) can be refused with 401 and 403
 * by the guard before its handler runs; declaring that once here keeps every such operation exact
 * without a decorator on each handler.
 */
function withRefusalsOfGuardedRoutes(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: { ...ERROR_BODY_SCHEMA } as never } };
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation) || !operation.security?.length) continue;
      for (const [status, description] of Object.entries(GUARD_REFUSALS)) {
        operation.responses[status] ??= { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
      }
    }
  }
  return document;
}

/**
 * The OpenAPI document of a service without Kafka, Postgres or a port: Nest's preview mode reads
 * the modules' metadata (routes, decorators, DTOs) but instantiates no provider, so the document
 * can be generated into the repository and checked in CI (docs/decisions.md #70).
 */
export async function generateApiDocument<TConfig extends ServiceConfig, TOverrides>(
  service: ServiceDefinition<TConfig, TOverrides>,
  config: TConfig,
): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule(service, config, 'server'), { preview: true, logger: false });
  try {
    return apiDocumentOf(app, service);
  } finally {
    await app.close();
  }
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
    try {
      await app.listen(config.PORT, config.HOST);
    } catch (error) {
      // The relay, the consumers and the periodic jobs started with the application: left running,
      // they kept a process that serves no HTTP alive, and a supervisor that restarts on exit never did.
      console.error(`${service.name} could not listen on ${config.HOST}:${config.PORT}: ${error instanceof Error ? error.message : String(error)}`);
      await app.close().catch(() => undefined);
      process.exit(1);
    }
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

/**
 * `withServiceContext` held open until `close()`: a spec that drives a service's providers across
 * several tests (its handler registry, without its Kafka consumer) opens it in beforeAll and closes
 * it in afterAll.
 */
export async function openServiceContext<TConfig extends ServiceConfig, TOverrides>(
  service: ServiceDefinition<TConfig, TOverrides>,
  env: Record<string, string | undefined> = process.env,
  overrides?: TOverrides,
): Promise<{ context: INestApplicationContext; close: () => Promise<void> }> {
  let release!: () => void;
  let finished!: Promise<void>;
  const context = await new Promise<INestApplicationContext>((opened, failed) => {
    finished = withServiceContext(
      service,
      (serviceContext) => {
        opened(serviceContext);
        return new Promise<void>((resolve) => (release = resolve));
      },
      env,
      overrides,
    ).catch(failed);
  });
  return {
    context,
    close: async () => {
      release();
      await finished;
    },
  };
}
