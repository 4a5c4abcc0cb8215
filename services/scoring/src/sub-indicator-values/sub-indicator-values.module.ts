import { Module } from '@nestjs/common';
import { DecisionLogRepository } from './decision-log.repository';
import { SubIndicatorValueRepository } from './sub-indicator-value.repository';

/** The verified values scores are computed from: the decisions in force and every decision received. */
@Module({
  providers: [SubIndicatorValueRepository, DecisionLogRepository],
  exports: [SubIndicatorValueRepository, DecisionLogRepository],
})
export class SubIndicatorValuesModule {}
