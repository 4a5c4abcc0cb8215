import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller';
import { WorkloadStats } from './workload-stats';

@Module({ controllers: [StatsController], providers: [WorkloadStats] })
export class StatsModule {}
