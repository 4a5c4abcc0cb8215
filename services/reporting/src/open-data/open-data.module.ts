import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ReportingConfig } from '../reporting-config';
import { OpenDataController } from './open-data.controller';
import { PublishedFigures } from './published-figures';

/** The unauthenticated routes, with their own rate limit (the authenticated ones have none). */
@Module({})
export class OpenDataModule {
  static register(config: Pick<ReportingConfig, 'OPEN_DATA_REQUESTS_PER_MINUTE'>): DynamicModule {
    return {
      module: OpenDataModule,
      imports: [ThrottlerModule.forRoot([{ name: 'open-data', ttl: 60_000, limit: config.OPEN_DATA_REQUESTS_PER_MINUTE }])],
      controllers: [OpenDataController],
      providers: [PublishedFigures],
    };
  }
}
