import { AuditHead } from '@mcp/contracts';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export const AUDIT_HEAD_INTERVAL_MS = Symbol('AUDIT_HEAD_INTERVAL_MS');

/**
 * Publishes the audit log's head (`mcp.audit.head.v1`) every `AUDIT_HEAD_INTERVAL_MS` when it has
 * moved, so copies of it live outside the database and a chain rewritten from its first row no
 * longer matches them (docs/decisions.md #49). `audit.head_to_publish()` marks the head published
 * in this outbox transaction: replicas and restarts never publish one head twice, and a rollback
 * leaves it to the next tick.
 */
@Injectable()
export class AuditHeadPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditHeadPublisher.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number | null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    @Inject(AUDIT_HEAD_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.publishOnce()
        .catch((error: unknown) => this.logger.error(`Publishing the audit head failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Publishes the head if it moved since the last publication; returns its sequence, or null. */
  publishOnce(): Promise<number | null> {
    this.running = this.publish();
    return this.running;
  }

  private async publish(): Promise<number | null> {
    const sequence = await this.dataSource.transaction(async (manager) => {
      const [head]: { sequence: string; row_hash: string }[] = await manager.query('SELECT sequence::text, row_hash FROM audit.head_to_publish()');
      if (!head) return null;
      await this.outbox.enqueue(manager, AuditHead, { sequence: Number(head.sequence), headHash: head.row_hash, publishedAt: new Date().toISOString() });
      return Number(head.sequence);
    });
    if (sequence !== null) this.relay.nudge();
    return sequence;
  }
}
