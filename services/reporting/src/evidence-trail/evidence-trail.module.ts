import { Module } from '@nestjs/common';
import { EvidenceTrailEvents } from './evidence-trail.events';
import { EvidenceTrailRepository } from './evidence-trail.repository';

@Module({
  providers: [EvidenceTrailRepository, EvidenceTrailEvents],
  exports: [EvidenceTrailRepository],
})
export class EvidenceTrailModule {}
