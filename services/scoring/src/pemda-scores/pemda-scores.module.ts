import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionAggregatesModule } from '../region-aggregates/region-aggregates.module';
import { SubIndicatorValuesModule } from '../sub-indicator-values/sub-indicator-values.module';
import { PemdaScoreRecord } from './pemda-score.entity';
import { PemdaScoreRepository } from './pemda-score.repository';
import { PemdaScoresController } from './pemda-scores.controller';
import { PemdaScoresService } from './pemda-scores.service';
import { RescorePemda } from './rescore-pemda.usecase';

@Module({
  imports: [TypeOrmModule.forFeature([PemdaScoreRecord]), SubIndicatorValuesModule, RegionAggregatesModule],
  controllers: [PemdaScoresController],
  providers: [PemdaScoresService, PemdaScoreRepository, RescorePemda],
  exports: [RescorePemda],
})
export class PemdaScoresModule {}
