import { Module } from '@nestjs/common';
import { RegionAggregatesController } from './region-aggregates.controller';
import { RegionAggregatesService } from './region-aggregates.service';

@Module({
  controllers: [RegionAggregatesController],
  providers: [RegionAggregatesService],
  exports: [RegionAggregatesService],
})
export class RegionAggregatesModule {}
