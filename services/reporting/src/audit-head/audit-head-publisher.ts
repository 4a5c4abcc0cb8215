import { AuditHead } from '@mcp/contracts';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export const AUDIT_HEAD_INTERVAL_MS = Symbol('AUDIT_HEAD_INTERVAL_MS');

/** A lane's head as published. */
export interface PublishedLaneHead {
  lane: number;
  sequence: number;
}

/**
 * Publishes the head of every lane of the audit log that moved (`mcp.audit.head.v1`, one event per
 * lane, docs/decisions.md #128) every `AUDIT_HEAD_INTERVAL_MS`, so copies of them live outside the
 * database and a lane rewritten from its first row no longer matches them (docs/decisions.md #49).
 * `audit.lane_heads_to_publish()` marks the heads published in this outbox transaction: replicas and
 * restarts never publish one head twice, and a rollback leaves them to the next tick. It marks them
 * in `audit.head_publication` and only reads `audit.head`, so the platform's seals do not wait for
 * this transaction's round trips and commit.
 */
@Injectable()
export class AuditHeadPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditHeadPublisher.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<PublishedLaneHead[] | null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    @Inject(AUDIT_HEAD_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => {
      // No relay runs in a command's standalone context (the read-model rebuild): a read-only
      // command must not mark heads published nor fill the outbox for a minute at a time.
      if (this.running || !this.relay.isRunning) return;
      this.publishOnce()
        .catch((error: unknown) => this.logger.error(`Publishing the audit head failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Publishes the heads of the lanes that moved since the last publication; returns them, or null when none did. */
  publishOnce(): Promise<PublishedLaneHead[] | null> {
    this.running = this.publish();
    return this.running;
  }

  private async publish(): Promise<PublishedLaneHead[] | null> {
    const published = await this.dataSource.transaction(async (manager) => {
      const heads: { lane: number; sequence: string; row_hash: string }[] = await manager.query(
        'SELECT lane, sequence::text, row_hash FROM audit.lane_heads_to_publish() ORDER BY lane',
      );
      const publishedAt = new Date().toISOString();
      await this.outbox.enqueueAll(
        manager,
        AuditHead,
        heads.map((head) => ({ lane: head.lane, sequence: Number(head.sequence), headHash: head.row_hash, publishedAt })),
      );
      return heads.map((head) => ({ lane: head.lane, sequence: Number(head.sequence) }));
    });
    if (published.length === 0) return null;
    this.relay.nudge();
    return published;
  }
}
