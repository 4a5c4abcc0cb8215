import { RepeatingRun, sqlTable } from '@mcp/service-runtime';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { NotificationConfig } from '../notification-config';

/** Rows deleted per statement, so pruning never holds long locks on a table the inbox reads. */
const BATCH = 5000;

/**
 * Whether a notice or webhook about something at `instant` is still within the retention, and so
 * is written and sent at all. Past it, it would be pruned at once, and its event may be a re-read of
 * an old topic (a consumer group whose offsets expired starts from the beginning, #161): the pruned
 * delivery's unique key no longer stops it, so everyone would be told again of a year-old decision.
 * An instant that does not parse is kept.
 */
export function withinRetention(instant: string, retentionDays: number, now: Date): boolean {
  return retentionDays === 0 || !(Date.parse(instant) < now.getTime() - retentionDays * 86_400_000);
}

/**
 * Deletes the deliveries (and, by cascade, their attempts) created, and last sent, more than
 * `retentionDays` before `now` that are finished: sent, or failed for good ("not sent" included).
 * One still pending is kept whatever its age: a notice still to be sent, or a webhook's waiting for
 * its disabled subscription. Returns how many deliveries went.
 */
export async function pruneDeliveries(dataSource: DataSource, retentionDays: number, now: Date, batchSize = BATCH): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  const delivery = sqlTable(dataSource, 'delivery');
  let pruned = 0;
  // Aged from its last send too, so a delivery an admin re-sent by hand stays listed for the
  // retention after that. The status is checked again on the row itself: a re-send that made it
  // pending while this ran must not be deleted under the dispatcher.
  const finishedBefore = `status <> 'pending' AND greatest(created_at, coalesce(sent_at, created_at)) < $1`;
  for (;;) {
    const [, affected] = (await dataSource.query(
      `DELETE FROM ${delivery} WHERE id IN (SELECT id FROM ${delivery} WHERE ${finishedBefore} LIMIT $2) AND ${finishedBefore}`,
      [before, batchSize],
    )) as [unknown, number];
    pruned += affected;
    if (affected < batchSize) return pruned;
  }
}

/**
 * Prunes deliveries older than DELIVERY_RETENTION_DAYS every MESSAGING_PRUNE_INTERVAL_MINUTES, in
 * each replica (deleting twice is harmless), beside the outbox and inbox pruning. Off with a
 * retention of 0, the default (docs/decisions.md #224).
 */
@Injectable()
export class DeliveryRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryRetention.name);
  private readonly prunings = new RepeatingRun('Pruning deliveries', () => this.prune(), (message) => this.logger.warn(message));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: NotificationConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.DELIVERY_RETENTION_DAYS === 0) return;
    this.prunings.every(this.config.MESSAGING_PRUNE_INTERVAL_MINUTES * 60_000, { unref: true });
  }

  onApplicationShutdown(): Promise<void> {
    return this.prunings.stop();
  }

  private async prune(): Promise<number> {
    const pruned = await pruneDeliveries(this.dataSource, this.config.DELIVERY_RETENTION_DAYS, this.clock.now());
    if (pruned > 0) this.logger.log(`Pruned ${pruned} delivery(ies) older than ${this.config.DELIVERY_RETENTION_DAYS} days`);
    return pruned;
  }
}
