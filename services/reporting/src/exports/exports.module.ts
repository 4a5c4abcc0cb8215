import { Module } from '@nestjs/common';
import { EvidenceTrailModule } from '../evidence-trail/evidence-trail.module';
import { RankingsModule } from '../rankings/rankings.module';
import { ReportsModule } from '../reports/reports.module';
import { ExportsController } from './exports.controller';
import { PemdaDetail } from './pemda-detail';
import { ReportCard } from './report-card';

@Module({
  imports: [ReportsModule, RankingsModule, EvidenceTrailModule],
  controllers: [ExportsController],
  providers: [ReportCard, PemdaDetail],
})
export class ExportsModule {}
