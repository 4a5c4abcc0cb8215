import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FrameworkPublishedController } from './framework-published.controller';
import { ReferenceData } from './reference-data';

@Module({})
export class ReferenceDataModule {
  /**
   * Provides `ReferenceData` over the service's own schema, and keeps that schema's framework copy
   * up to date from `mcp.framework.published.v1` (consumer `<schema>.frameworks`).
   */
  static forSchema(schema: string): DynamicModule {
    return {
      module: ReferenceDataModule,
      global: true,
      controllers: [FrameworkPublishedController],
      providers: [
        {
          provide: ReferenceData,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new ReferenceData(dataSource, schema),
        },
      ],
      exports: [ReferenceData],
    };
  }
}
