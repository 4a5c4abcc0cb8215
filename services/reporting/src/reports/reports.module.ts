import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PemdaReport } from './pemda-report.entity';
import { RegionReport } from './region-report.entity';
import { ReportProjection } from './report-projection.service';
import { ReportRepository } from './report.repository';
import { ReportsController } from './reports.controller';
import { ReportsEvents } from './reports.events';
import { ReportsService } from './reports.service';

@Module({
  imports: [TypeOrmModule.forFeature([PemdaReport, RegionReport])],
  controllers: [ReportsController],
  providers: [ReportsService, ReportProjection, ReportsEvents, ReportRepository],
  exports: [ReportRepository, ReportsService],
})
export class ReportsModule {}
