import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { ScoreExplanationsController } from './score-explanations.controller';
import { ScoreExplanationsService } from './score-explanations.service';

@Module({
  imports: [DecisionsModule],
  controllers: [ScoreExplanationsController],
  providers: [ScoreExplanationsService],
})
export class ScoreExplanationsModule {}
