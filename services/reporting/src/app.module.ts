import { ReferenceDataModule } from '@mcp/reference-data';
import { ServicePlatformModule } from '@mcp/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { reportingService } from './reporting.definition';
import type { ReportingConfig } from './reporting-config';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class AppModule {
  static register(config: ReportingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot(config, reportingService),
        ReferenceDataModule.forSchema('reporting'),
        ReportsModule,
      ],
    };
  }
}
