import { ReferenceDataModule } from '@mcp/reference-data';
import { Module, type DynamicModule } from '@nestjs/common';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class AppModule {
  static register(): DynamicModule {
    return { module: AppModule, imports: [ReferenceDataModule.forService(), ReportsModule] };
  }
}
