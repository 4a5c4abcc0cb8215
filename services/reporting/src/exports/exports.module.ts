import { Module, type DynamicModule } from '@nestjs/common';
import { EvidenceTrailModule } from '../evidence-trail/evidence-trail.module';
import { RankingsModule } from '../rankings/rankings.module';
import type { ReportingConfig } from '../reporting-config';
import { ReportsModule } from '../reports/reports.module';
import { SeriesModule } from '../series/series.module';
import { ExportsController } from './exports.controller';
import { PemdaDetail } from './pemda-detail';
import { REPORT_CARD_TARGET, ReportCard } from './report-card';

@Module({})
export class ExportsModule {
  static register(config: Pick<ReportingConfig, 'REPORT_CARD_TARGET'>): DynamicModule {
    return {
      module: ExportsModule,
      imports: [ReportsModule, RankingsModule, EvidenceTrailModule, SeriesModule],
      controllers: [ExportsController],
      providers: [ReportCard, PemdaDetail, { provide: REPORT_CARD_TARGET, useValue: config.REPORT_CARD_TARGET }],
    };
  }
}
