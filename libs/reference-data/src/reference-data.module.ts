import { Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FrameworkPublishedEvents } from './framework-published.events';
import { ReferenceData } from './reference-data';
import { ReferenceDataChangeListener } from './reference-data-changes';

@Injectable()
class ReferenceDataRefresh implements OnModuleInit, OnApplicationShutdown {
  private readonly listener: ReferenceDataChangeListener;

  constructor(dataSource: DataSource, referenceData: ReferenceData) {
    this.listener = new ReferenceDataChangeListener(dataSource, () => referenceData.invalidate());
  }

  onModuleInit(): Promise<void> {
    return this.listener.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.listener.stop();
  }
}

/**
 * Provides `ReferenceData` over the service's own schema, keeps that schema's framework copy up to
 * date from `mcp.framework.published.v1`, and refreshes the cache of every replica on a change.
 */
@Module({})
export class ReferenceDataModule {
  static forService(): DynamicModule {
    return {
      module: ReferenceDataModule,
      global: true,
      providers: [
        {
          provide: ReferenceData,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new ReferenceData(dataSource),
        },
        FrameworkPublishedEvents,
        ReferenceDataRefresh,
      ],
      exports: [ReferenceData],
    };
  }
}
