import { Module } from '@nestjs/common';
import { DecisionRecorder } from './decision-recorder';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';
import { RejectionReasons } from './rejection-reason.repository';

@Module({
  controllers: [DecisionsController],
  providers: [DecisionsService, DecisionRecorder, RejectionReasons],
  exports: [DecisionRecorder, RejectionReasons],
})
export class DecisionsModule {}
