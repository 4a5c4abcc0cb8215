import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

export interface MessagingRetention {
  schema: string;
  /** Published outbox rows are kept this long, for inspection after an incident. */
  outboxRetentionHours: number;
  /**
   * Inbox rows are kept this long. It must outlive every redelivery window (uncommitted offsets
   * after a crash or a rebalance, a relay re-sending a batch): a redelivery after its inbox row is
   * gone would be applied a second time.
   */
  inboxRetentionHours: number;
  /** Rows deleted per statement, so pruning never holds long locks on a busy table. */
  batchSize?: number;
}

export interface PruneResult {
  outboxRows: number;
  inboxRows: number;
}

/** Deletes old published outbox rows and old inbox rows of one service's schema. */
export async function pruneMessagingTables(
  dataSource: DataSource,
  retention: MessagingRetention,
  now: Date = new Date(),
): Promise<PruneResult> {
  const limit = retention.batchSize ?? 5000;
  const outboxBefore = new Date(now.getTime() - retention.outboxRetentionHours * 3_600_000);
  const inboxBefore = new Date(now.getTime() - retention.inboxRetentionHours * 3_600_000);
  const outbox = `"${retention.schema}"."outbox"`;
  const inbox = `"${retention.schema}"."inbox"`;
  const result: PruneResult = { outboxRows: 0, inboxRows: 0 };
  // Unpublished rows are never pruned, whatever their age: they are events still to be sent.
  result.outboxRows = await deleteInBatches(
    dataSource,
    `DELETE FROM ${outbox} WHERE seq IN (
       SELECT seq FROM ${outbox} WHERE published_at IS NOT NULL AND published_at < $1 LIMIT $2)`,
    [outboxBefore, limit],
    limit,
  );
  result.inboxRows = await deleteInBatches(
    dataSource,
    `DELETE FROM ${inbox} WHERE (consumer, event_id) IN (
       SELECT consumer, event_id FROM ${inbox} WHERE processed_at < $1 LIMIT $2)`,
    [inboxBefore, limit],
    limit,
  );
  return result;
}

async function deleteInBatches(dataSource: DataSource, sql: string, params: unknown[], limit: number): Promise<number> {
  let total = 0;
  for (;;) {
    const [, affected] = (await dataSource.query(sql, params)) as [unknown, number];
    total += affected;
    if (affected < limit) return total;
  }
}

/** Runs the pruning every `intervalMinutes` in each replica (deleting twice is harmless). */
export class MessagingPruner {
  private readonly logger = new Logger(MessagingPruner.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly retention: MessagingRetention,
    private readonly intervalMinutes: number,
  ) {}

  start(): void {
    if (this.intervalMinutes <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= pruneMessagingTables(this.dataSource, this.retention)
        .then((result) => {
          if (result.outboxRows + result.inboxRows > 0) {
            this.logger.log(`Pruned ${result.outboxRows} outbox and ${result.inboxRows} inbox row(s)`);
          }
        })
        .catch((error: unknown) => this.logger.warn(`Pruning failed: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMinutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
