import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReferenceData } from './reference-data';

@Module({})
export class ReferenceDataModule {
  /** Provides `ReferenceData` over the service's own schema. */
  static forSchema(schema: string): DynamicModule {
    return {
      module: ReferenceDataModule,
      global: true,
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
