import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionAggregateRecord } from './region-aggregate.entity';
import { RegionAggregatesController } from './region-aggregates.controller';
import { RegionAggregatesService } from './region-aggregates.service';

@Module({
  imports: [TypeOrmModule.forFeature([RegionAggregateRecord])],
  controllers: [RegionAggregatesController],
  providers: [RegionAggregatesService],
  exports: [RegionAggregatesService],
})
export class RegionAggregatesModule {}
