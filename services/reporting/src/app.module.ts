import { ReferenceDataModule } from '@mcp/reference-data';
import { Module, type DynamicModule } from '@nestjs/common';
import { ExportsModule } from './exports/exports.module';
import { RankingsModule } from './rankings/rankings.module';
import { RebuildModule } from './rebuild/rebuild.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class AppModule {
  static register(): DynamicModule {
    return { module: AppModule, imports: [ReferenceDataModule.forService(), ReportsModule, RankingsModule, RebuildModule, ExportsModule] };
  }
}
