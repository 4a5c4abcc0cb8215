import type { DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from '../config/service-config';
import type { DatabaseSettings } from '../database/database-settings';
import { cataloguedService } from './service-catalogue';

/**
 * The single recipe of a service: `main.ts` serves it, `main.ts migrate` migrates and seeds it,
 * CLIs open it as a standalone context, the e2e harness and the image start it, all from this.
 */
export interface ServiceDefinition<TConfig extends ServiceConfig = ServiceConfig, TOverrides = never> {
  /** As in services/catalogue.json: also the Postgres schema, consumer group and event source. */
  name: string;
  /** One paragraph for the OpenAPI document. */
  description: string;
  Config: new () => TConfig;
  /** The service's own modules (features, reference data); the platform wiring is added around them. */
  appModule: (config: TConfig, overrides?: TOverrides) => DynamicModule;
  entities: DatabaseSettings['entities'];
  migrations: DatabaseSettings['migrations'];
  /** Runs after the migrations (seeding, data moves); returns a line for the migrate log. */
  afterMigrate?: (dataSource: DataSource, config: TConfig) => Promise<string>;
}

export type AnyServiceDefinition = ServiceDefinition<ServiceConfig, unknown>;

export function defineService<TConfig extends ServiceConfig, TOverrides = never>(
  definition: ServiceDefinition<TConfig, TOverrides>,
): ServiceDefinition<TConfig, TOverrides> {
  cataloguedService(definition.name);
  return definition;
}

export function defaultPortOf(definition: { name: string }): number {
  return cataloguedService(definition.name).port;
}
