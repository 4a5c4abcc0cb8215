import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PemdaReport } from './pemda-report.entity';
import { RegionReport } from './region-report.entity';
import { ReportEventsController } from './report-events.controller';
import { ReportProjection } from './report-projection.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [TypeOrmModule.forFeature([PemdaReport, RegionReport])],
  controllers: [ReportsController, ReportEventsController],
  providers: [ReportsService, ReportProjection],
})
export class ReportsModule {}
