import { Module } from '@nestjs/common';
import { SubIndicatorValuesModule } from '../sub-indicator-values/sub-indicator-values.module';
import { ScoreExplanationsController } from './score-explanations.controller';
import { ScoreExplanationsService } from './score-explanations.service';

@Module({
  imports: [SubIndicatorValuesModule],
  controllers: [ScoreExplanationsController],
  providers: [ScoreExplanationsService],
})
export class ScoreExplanationsModule {}
