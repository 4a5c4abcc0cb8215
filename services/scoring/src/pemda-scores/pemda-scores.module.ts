import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PemdaScoreRecord } from './pemda-score.entity';
import { PemdaScoresController } from './pemda-scores.controller';
import { PemdaScoresService } from './pemda-scores.service';

@Module({
  imports: [TypeOrmModule.forFeature([PemdaScoreRecord])],
  controllers: [PemdaScoresController],
  providers: [PemdaScoresService],
  exports: [PemdaScoresService],
})
export class PemdaScoresModule {}
