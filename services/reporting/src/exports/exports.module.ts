import { Module } from '@nestjs/common';
import { RankingsModule } from '../rankings/rankings.module';
import { ReportsModule } from '../reports/reports.module';
import { ExportsController } from './exports.controller';
import { ReportCard } from './report-card';

@Module({
  imports: [ReportsModule, RankingsModule],
  controllers: [ExportsController],
  providers: [ReportCard],
})
export class ExportsModule {}
