import { WILAYAH } from '@mcp/auth';
import { ServiceMetrics, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';

interface WilayahQueue {
  wilayah: string;
  waiting: number;
  claimed: number;
  oldest_age_seconds: number | null;
}

/**
 * The queue as Prometheus sees it, per wilayah: tasks waiting for a verifier, tasks held, and how
 * long the oldest unfinished task has waited. The same counts as the managers' workload view
 * (an expired lease counts as waiting), read on each scrape; every wilayah always has a series,
 * so an empty queue reads 0 rather than nothing.
 */
@Injectable()
export class QueueMetrics {
  private readonly logger = new Logger(QueueMetrics.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    metrics: ServiceMetrics,
  ) {
    // The three gauges are collected at once in a scrape: they share the query in flight.
    let inFlight: Promise<WilayahQueue[] | undefined> | undefined;
    const read = () => (inFlight ??= this.queues().finally(() => (inFlight = undefined)));
    const perWilayah = (name: string, help: string, value: (queue: WilayahQueue | undefined) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['wilayah'] as const,
        registers: [metrics.registry],
        async collect() {
          const rows = await read();
          // The database did not answer: no series this time rather than a false empty queue.
          if (!rows) return this.reset();
          for (const wilayah of WILAYAH) this.set({ wilayah }, value(rows.find((row) => row.wilayah === wilayah)));
        },
      });
    perWilayah('mcp_verification_queue_depth', 'Tasks waiting for a verifier (open, or claimed with an expired lease)', (queue) => queue?.waiting ?? 0);
    perWilayah('mcp_verification_claimed_tasks', 'Tasks held by a verifier with a live lease', (queue) => queue?.claimed ?? 0);
    perWilayah(
      'mcp_verification_oldest_waiting_task_age_seconds',
      'How long the oldest open or claimed task has waited since its evidence arrived (0 when none)',
      (queue) => Math.max(0, queue?.oldest_age_seconds ?? 0),
    );
  }

  private async queues(): Promise<WilayahQueue[] | undefined> {
    return this.dataSource.query(
      `SELECT wilayah,
              count(*) FILTER (WHERE status = 'open' OR lease_expires_at <= $1)::int AS waiting,
              count(*) FILTER (WHERE status = 'claimed' AND lease_expires_at > $1)::int AS claimed,
              extract(epoch FROM $1::timestamptz - min(waiting_since))::float8 AS oldest_age_seconds
         FROM ${sqlTable(this.dataSource, 'task')} WHERE status IN ('open', 'claimed') GROUP BY wilayah`,
      [this.clock.now()],
    ).catch((error: Error) => {
      this.logger.warn(`Queue metrics not collected: ${error.message}`);
      return undefined;
    });
  }
}
