import { Module } from '@nestjs/common';
import { PemdaScoresModule } from '../pemda-scores/pemda-scores.module';
import { RegionAggregatesModule } from '../region-aggregates/region-aggregates.module';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';
import { SubIndicatorValuesService } from './sub-indicator-values.service';

@Module({
  imports: [PemdaScoresModule, RegionAggregatesModule],
  controllers: [DecisionsController],
  providers: [DecisionsService, SubIndicatorValuesService],
  exports: [SubIndicatorValuesService],
})
export class DecisionsModule {}
