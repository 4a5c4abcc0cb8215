import { Module } from '@nestjs/common';
import { ScoreSeries } from './score-series';
import { SeriesController } from './series.controller';

@Module({
  controllers: [SeriesController],
  providers: [ScoreSeries],
  exports: [ScoreSeries],
})
export class SeriesModule {}
