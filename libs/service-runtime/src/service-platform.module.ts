import { AuthModule, DEV_AUTH_DEFAULTS, type TokenVerifierConfig } from '@mcp/auth';
import { MessagingModule } from '@mcp/messaging';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from './config/service-config';
import { dataSourceOptions, type DatabaseSettings } from './database/database-settings';
import { HealthModule } from './health/health.module';

export interface ServiceDefinition {
  /** Also the Postgres schema, the Kafka consumer group and the CloudEvents source. */
  name: 'submissions' | 'verification' | 'scoring' | 'notification' | 'reporting';
  entities: DatabaseSettings['entities'];
  migrations: DatabaseSettings['migrations'];
}

export function databaseSettingsOf(config: ServiceConfig, service: ServiceDefinition): DatabaseSettings {
  return {
    url: config.DATABASE_URL,
    schema: service.name,
    entities: service.entities,
    migrations: service.migrations,
  };
}

function tokenVerifierConfig(config: ServiceConfig): TokenVerifierConfig {
  const expectations = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  if (config.AUTH_JWKS_URL) return { ...expectations, jwksUrl: config.AUTH_JWKS_URL };
  return {
    ...expectations,
    publicKeyFile: config.AUTH_PUBLIC_KEY_FILE ?? DEV_AUTH_DEFAULTS.publicKeyFile,
  };
}

/**
 * Everything a service shares with the others (logging, its database schema, Kafka delivery,
 * bearer-token auth on every route, health endpoints), so a service's AppModule only lists its
 * features.
 */
@Module({})
export class ServicePlatformModule {
  static forRoot(config: ServiceConfig, service: ServiceDefinition): DynamicModule {
    return {
      module: ServicePlatformModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            name: service.name,
            autoLogging: false,
            redact: ['req.headers.authorization'],
          },
        }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseSettingsOf(config, service))),
        MessagingModule.forRoot({
          schema: service.name,
          source: `/mcp/${service.name}`,
          kafka: { brokers: config.KAFKA_BROKERS, clientId: `mcp-${service.name}`, partitions: config.KAFKA_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR },
          consumerMaxAttempts: config.CONSUMER_MAX_ATTEMPTS,
          consumerRetryBackoffMs: config.CONSUMER_RETRY_BACKOFF_MS,
        }),
        AuthModule.forRoot(tokenVerifierConfig(config)),
        HealthModule,
      ],
    };
  }
}
