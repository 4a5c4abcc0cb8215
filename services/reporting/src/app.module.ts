import { ReferenceDataModule } from '@mcp/reference-data';
import { Module, type DynamicModule } from '@nestjs/common';
import { AuditHeadModule } from './audit-head/audit-head.module';
import { ClaimGapModule } from './claim-gap/claim-gap.module';
import { CompletenessModule } from './completeness/completeness.module';
import { EvidenceTrailModule } from './evidence-trail/evidence-trail.module';
import { ExportsModule } from './exports/exports.module';
import { OpenDataModule } from './open-data/open-data.module';
import { SchemasModule } from './schemas/schemas.module';
import { RankingsModule } from './rankings/rankings.module';
import { RebuildModule } from './rebuild/rebuild.module';
import { ReportsModule } from './reports/reports.module';
import { ReportingConfig } from './reporting-config';
import { SeriesModule } from './series/series.module';
import { TurnaroundModule } from './turnaround/turnaround.module';

@Module({})
export class AppModule {
  static register(config: ReportingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ReferenceDataModule.forService(),
        ReportsModule,
        EvidenceTrailModule,
        SeriesModule,
        CompletenessModule,
        ClaimGapModule,
        TurnaroundModule,
        RankingsModule,
        RebuildModule,
        ExportsModule.register(config),
        OpenDataModule.register(config),
        SchemasModule,
        AuditHeadModule.register(config),
      ],
    };
  }
}
