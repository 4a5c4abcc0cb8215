import { TaskLeaseExpiring } from '@mcp/contracts';
import type { Wilayah } from '@mcp/mcp-domain';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { RepeatingRun, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue-settings/queue-settings';
import { taskSubjectOf } from '../task-records/task-subject';

/** Leases warned about per transaction; a sweep goes on until none is left. */
const BATCH = 200;

interface ExpiringLease {
  id: string;
  pemdaCode: string;
  provinceCode: string;
  wilayah: Wilayah;
  year: number;
  subIndicatorCode: string;
  claimedBy: string;
  leaseExpiresAt: Date;
}

/**
 * Warns the holder of a claim shortly before its lease runs out (`mcp.task.lease-expiring.v1`),
 * so a verifier in the middle of a review can extend instead of losing the task to the next
 * claimer. The lease and its clock live here, so the warning is decided here (docs/decisions.md
 * #40). Every replica sweeps; marking the task and writing the event in one transaction, with
 * SKIP LOCKED, makes it once per lease whoever sweeps, and a sweep missed while the service was
 * down is caught up by the next, as long as the lease has not run out.
 */
@Injectable()
export class LeaseWarnings implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeaseWarnings.name);
  private readonly sweeps = new RepeatingRun('Lease warning sweep', () => this.sweep(this.clock.now()), (message) => this.logger.error(message));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeps.every(this.settings.leaseWarningIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeps.stop();
  }

  /** Warns about every live lease that ends within the warning window; returns how many. */
  runOnce(): Promise<number> {
    return this.sweeps.runNow();
  }

  private async sweep(now: Date): Promise<number> {
    let warned = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const taskTable = sqlTable(manager, 'task');
        const [leases]: [ExpiringLease[], number] = await manager.query(
          `WITH due AS (
             SELECT id FROM ${taskTable}
              WHERE status = 'claimed' AND lease_expires_at > $1 AND lease_expires_at <= $2
                AND lease_warned_for IS DISTINCT FROM lease_expires_at
              ORDER BY lease_expires_at LIMIT $3 FOR UPDATE SKIP LOCKED)
           UPDATE ${taskTable} task SET lease_warned_for = task.lease_expires_at FROM due WHERE task.id = due.id
           RETURNING task.id, task.pemda_code AS "pemdaCode", task.province_code AS "provinceCode", task.wilayah, task.year,
                     task.sub_indicator_code AS "subIndicatorCode", task.claimed_by AS "claimedBy", task.lease_expires_at AS "leaseExpiresAt"`,
          [now, new Date(now.getTime() + this.settings.leaseWarningMinutes * 60_000), BATCH],
        );
        for (const lease of leases) {
          await this.outbox.enqueue(manager, TaskLeaseExpiring, {
            ...taskSubjectOf(lease),
            claimedBy: lease.claimedBy,
            leaseExpiresAt: new Date(lease.leaseExpiresAt).toISOString(),
            warnedAt: now.toISOString(),
          });
        }
        return leases.length;
      });
      warned += batch;
      if (batch < BATCH) break;
    }
    if (warned > 0) this.relay.nudge();
    return warned;
  }
}
