import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PemdaReport } from '../reports/pemda-report.entity';
import { PemdaRankings } from './pemda-rankings';
import { RankingsController } from './rankings.controller';

@Module({
  imports: [TypeOrmModule.forFeature([PemdaReport])],
  controllers: [RankingsController],
  providers: [PemdaRankings],
  exports: [PemdaRankings],
})
export class RankingsModule {}
