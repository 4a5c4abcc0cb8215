import { Module } from '@nestjs/common';
import { EvidenceTrailModule } from '../evidence-trail/evidence-trail.module';
import { ReportsModule } from '../reports/reports.module';
import { ReadModelRebuild } from './read-model-rebuild';

@Module({
  imports: [ReportsModule, EvidenceTrailModule],
  providers: [ReadModelRebuild],
  exports: [ReadModelRebuild],
})
export class RebuildModule {}
