import { Module } from '@nestjs/common';
import { EvidenceTrailModule } from '../evidence-trail/evidence-trail.module';
import { ClaimGap } from './claim-gap';
import { ClaimGapController } from './claim-gap.controller';

@Module({
  imports: [EvidenceTrailModule],
  controllers: [ClaimGapController],
  providers: [ClaimGap],
})
export class ClaimGapModule {}
