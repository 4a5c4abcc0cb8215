import { AuthModule, DEV_AUTH_DEFAULTS, type TokenVerifierConfig } from '@mcp/auth';
import { consumerGroupOf, MessagingModule, type KafkaSettings } from '@mcp/messaging';
import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { ServiceConfig } from './config/service-config';
import { dataSourceOptions, type DatabaseSettings } from './database/database-settings';
import type { ServiceDefinition } from './definition/service-definition';
import { HealthModule } from './health/health.module';
import { EventStreamsAtShutdown } from './http/event-streams-at-shutdown';
import { PlatformHttpGuard } from './http/platform-http.guard';
import { RequestRateLimitGuard } from './http/rate-limits';
import { requestLogOptions } from './http/request-log';
import { MetricsModule } from './metrics/metrics.module';
import { ServiceMetrics } from './metrics/service-metrics';
import { ServiceTracing, traceFieldsForLog, type TracingSettings } from './tracing/service-tracing';

export type ServiceRole = 'server' | 'cli';

export function databaseSettingsOf(
  config: ServiceConfig,
  service: Pick<ServiceDefinition, 'name' | 'entities' | 'migrations'>,
): DatabaseSettings {
  return {
    url: config.DATABASE_URL,
    schema: service.name,
    entities: service.entities,
    migrations: service.migrations,
    poolWaitMs: config.DATABASE_POOL_WAIT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_MS,
  };
}

export function kafkaSettingsOf(config: ServiceConfig, service: { name: string }): KafkaSettings {
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: consumerGroupOf(service.name),
    partitions: config.KAFKA_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    sasl: username && password ? { mechanism: config.KAFKA_SASL_MECHANISM, username, password } : undefined,
    tls: config.KAFKA_TLS,
  };
}

export function loggerOptionsOf(config: ServiceConfig, serviceName: string): PinoHttpOptions {
  return {
    level: config.LOG_LEVEL,
    name: serviceName,
    // One line per request, who/what/when and nothing personal (http/request-log.ts).
    ...requestLogOptions(),
    // Every line written inside a request or an event handler names its trace.
    mixin: traceFieldsForLog,
    // Belt and braces: nothing logs requests whole any more, but a line that did would not leak these.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  };
}

export function tracingSettingsOf(config: ServiceConfig): TracingSettings {
  return { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, tracesFile: config.OTEL_TRACES_FILE };
}

/** Exports the spans still buffered once the application's own work has stopped. */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  constructor(private readonly tracing: ServiceTracing) {}

  onApplicationShutdown(): Promise<void> {
    return this.tracing.shutdown();
  }
}

export function tokenVerifierConfig(config: ServiceConfig): TokenVerifierConfig {
  const audience = config.AUTH_AUDIENCE;
  if (config.AUTH_JWKS_URL) {
    const identityProvider = { issuer: config.AUTH_ISSUER, audience, authorizedParties: config.AUTH_CLIENTS, jwksUrl: config.AUTH_JWKS_URL };
    if (config.MCP_ENVIRONMENT === 'production' || config.AUTH_ISSUER === DEV_AUTH_DEFAULTS.issuer) return identityProvider;
    // Development trusts the local Keycloak and, beside it, the development key under its own
    // issuer, so `npm run token` and the README's curl lines keep working (docs/decisions.md #42).
    return { ...identityProvider, alsoTrusted: [{ issuer: DEV_AUTH_DEFAULTS.issuer, audience, publicKeyFile: devKeyFile(config) }] };
  }
  // loadConfig already refuses this; a config built by hand must not reach the dev key either.
  if (config.MCP_ENVIRONMENT === 'production') {
    throw new Error('AUTH_JWKS_URL must be set when MCP_ENVIRONMENT=production: the committed development key is never trusted there');
  }
  return { issuer: config.AUTH_ISSUER, audience, publicKeyFile: devKeyFile(config) };
}

function devKeyFile(config: ServiceConfig): string {
  return config.AUTH_PUBLIC_KEY_FILE ?? DEV_AUTH_DEFAULTS.publicKeyFile;
}

/**
 * Everything a service shares with the others (logging, its database schema, Kafka delivery,
 * bearer-token auth on every route, health endpoints, metrics, tracing). The runtime puts it around the
 * service's own AppModule, which lists only features.
 */
@Module({})
export class ServicePlatformModule {
  static forRoot(
    config: ServiceConfig,
    service: Pick<ServiceDefinition, 'name' | 'entities' | 'migrations'>,
    role: ServiceRole,
  ): DynamicModule {
    // One registry per application, shared by the platform's series and the service's own.
    const metrics = new ServiceMetrics(service.name, { processMetrics: role === 'server' });
    // Likewise one tracer provider per application, so each span names its service.
    const tracing = new ServiceTracing(service.name, tracingSettingsOf(config));
    return {
      module: ServicePlatformModule,
      providers: [
        { provide: ServiceTracing, useValue: tracing },
        TracingShutdown,
        { provide: RequestRateLimitGuard, inject: [Reflector], useFactory: (reflector: Reflector) => new RequestRateLimitGuard(config, reflector) },
        // Token, then rate limits, on every route (AuthModule's own global guard is off for this).
        { provide: APP_GUARD, useClass: PlatformHttpGuard },
        ...(role === 'server' ? [EventStreamsAtShutdown] : []),
      ],
      exports: [ServiceTracing],
      imports: [
        LoggerModule.forRoot({ pinoHttp: loggerOptionsOf(config, service.name) }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseSettingsOf(config, service))),
        MessagingModule.forRoot({
          service: service.name,
          role,
          kafka: kafkaSettingsOf(config, service),
          consumerMaxAttempts: config.CONSUMER_MAX_ATTEMPTS,
          consumerRetryBackoffMs: config.CONSUMER_RETRY_BACKOFF_MS,
          consumerTransientBackoffMs: config.CONSUMER_TRANSIENT_BACKOFF_MS,
          consumerTransientMaxBackoffMs: config.CONSUMER_TRANSIENT_MAX_BACKOFF_MS,
          consumerReferenceDataWaitMs: config.CONSUMER_REFERENCE_DATA_WAIT_MINUTES * 60_000,
          relayLingerMs: config.OUTBOX_RELAY_LINGER_MS,
          classifyFailures: !config.MCP_TEST_UNCLASSIFIED_FAILURES,
          deduplicate: !config.MCP_TEST_INBOX_DEDUP_OFF,
          outboxRetentionHours: config.OUTBOX_RETENTION_HOURS,
          inboxRetentionHours: config.INBOX_RETENTION_HOURS,
          pruneIntervalMinutes: config.MESSAGING_PRUNE_INTERVAL_MINUTES,
          metricsRegistry: metrics.registry,
          tracer: tracing.tracer,
        }),
        AuthModule.forRoot({ ...tokenVerifierConfig(config), guardAllRoutes: false }),
        HealthModule.forRoot(role === 'server' ? config.SHUTDOWN_DRAIN_MS : 0),
        MetricsModule.forRoot(metrics),
      ],
    };
  }
}
