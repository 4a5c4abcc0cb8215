import { Module } from '@nestjs/common';
import { PemdaScoresModule } from '../pemda-scores/pemda-scores.module';
import { SubIndicatorValuesModule } from '../sub-indicator-values/sub-indicator-values.module';
import { YearsModule } from '../years/years.module';
import { DecisionsEvents } from './decisions.events';
import { DecisionsService } from './decisions.service';
import { RefuseDecision } from './refuse-decision';
import { RefusedDecisionRepository } from './refused-decision.repository';

@Module({
  imports: [YearsModule, SubIndicatorValuesModule, PemdaScoresModule],
  providers: [DecisionsService, DecisionsEvents, RefuseDecision, RefusedDecisionRepository],
})
export class DecisionsModule {}
