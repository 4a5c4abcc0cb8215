import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { ReadModelRebuild } from './read-model-rebuild';

@Module({
  imports: [ReportsModule],
  providers: [ReadModelRebuild],
  exports: [ReadModelRebuild],
})
export class RebuildModule {}
