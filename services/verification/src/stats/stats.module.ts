import { Module } from '@nestjs/common';
import { QueueMetrics } from './queue-metrics';
import { StatsController } from './stats.controller';
import { WorkloadStats } from './workload-stats';

@Module({ controllers: [StatsController], providers: [WorkloadStats, QueueMetrics] })
export class StatsModule {}
