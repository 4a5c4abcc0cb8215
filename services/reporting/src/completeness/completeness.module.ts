import { Module } from '@nestjs/common';
import { EvidenceTrailModule } from '../evidence-trail/evidence-trail.module';
import { CompletenessController } from './completeness.controller';
import { EvidenceCompleteness } from './evidence-completeness';

@Module({
  imports: [EvidenceTrailModule],
  controllers: [CompletenessController],
  providers: [EvidenceCompleteness],
})
export class CompletenessModule {}
