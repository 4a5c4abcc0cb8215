import { Module } from '@nestjs/common';
import { RegionAggregateRepository } from './region-aggregate.repository';
import { RegionAggregatesController } from './region-aggregates.controller';
import { RegionAggregatesService } from './region-aggregates.service';

@Module({
  controllers: [RegionAggregatesController],
  providers: [RegionAggregatesService, RegionAggregateRepository],
  exports: [RegionAggregatesService, RegionAggregateRepository],
})
export class RegionAggregatesModule {}
