import { Module } from '@nestjs/common';
import { DecisionRecorder } from './decision-recorder';
import { DecisionRefusals } from './decision-refusals';
import { DecisionsController } from './decisions.controller';
import { DecisionsEvents } from './decisions.events';
import { DecisionsService } from './decisions.service';
import { RejectionReasons } from './rejection-reason.repository';

@Module({
  controllers: [DecisionsController],
  providers: [DecisionsService, DecisionRecorder, RejectionReasons, DecisionRefusals, DecisionsEvents],
  exports: [DecisionRecorder, RejectionReasons],
})
export class DecisionsModule {}
