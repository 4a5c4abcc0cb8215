import type { AuthPrincipal } from '@mcp/auth';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { notContributedBy } from '../task-records/item-contributors';
import { VerifierScopes } from '../routing/verifier-scopes';
import type { MyQueueView, TaskSummary } from './my-queue.view';

interface SummaryRow {
  id: string;
  pemda_code: string;
  year: number;
  sub_indicator_code: string;
  deadline: Date;
  weight_in_total: string;
  waiting_since: Date;
  lease_expires_at: Date | null;
  changed: boolean;
}

const SUMMARY_COLUMNS = `id, pemda_code, year, sub_indicator_code, deadline, weight_in_total, waiting_since, lease_expires_at,
  (claimed_at IS NOT NULL AND evidence_changed_at > claimed_at) AS changed`;

/** A verifier's own view of the queue: what they hold, and what comes next in their wilayah. */
@Injectable()
export class MyQueue {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: VerifierScopes,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async of(principal: AuthPrincipal, preview: number): Promise<MyQueueView> {
    const { wilayah } = await this.scopes.effective(principal);
    if (!wilayah) throw new DomainError('forbidden', 'NO_WILAYAH', 'Antrean membutuhkan wilayah pada token (the queue needs a wilayah scope)');
    const now = this.clock.now();
    const taskTable = sqlTable(this.dataSource, 'task');
    const claimed: SummaryRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${taskTable}
        WHERE status = 'claimed' AND claimed_by = $1 AND lease_expires_at > $2 ORDER BY lease_expires_at`,
      [principal.subject, now],
    );
    const [{ open }]: { open: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS open FROM ${taskTable}
        WHERE wilayah = $1 AND (status = 'open' OR (status = 'claimed' AND lease_expires_at <= $2))`,
      [wilayah, now],
    );
    const next: SummaryRow[] = await this.dataSource.query(
      // What claim-next would hand this verifier, so without the items they shaped (docs/decisions.md #46).
      `SELECT ${SUMMARY_COLUMNS} FROM ${taskTable} task
        WHERE wilayah = $1 AND (status = 'open' OR (status = 'claimed' AND lease_expires_at <= $2))
          AND ${notContributedBy(this.dataSource, 'task', '$4')}
        ORDER BY deadline, weight_in_total DESC, created_at, id LIMIT $3`,
      [wilayah, now, preview, principal.subject],
    );
    return { wilayah, claimed: claimed.map((row) => summaryOf(row, now)), openInWilayah: open, next: next.map((row) => summaryOf(row, now)) };
  }
}

/** An expired claim shows as unclaimed: no lease, nothing changed "since the claim". */
function summaryOf(row: SummaryRow, now: Date): TaskSummary {
  const live = row.lease_expires_at !== null && row.lease_expires_at > now;
  return {
    id: row.id,
    pemdaCode: row.pemda_code,
    year: row.year,
    subIndicatorCode: row.sub_indicator_code,
    deadline: row.deadline.toISOString(),
    weightInTotal: row.weight_in_total,
    waitingSince: row.waiting_since.toISOString(),
    leaseExpiresAt: live ? (row.lease_expires_at?.toISOString() ?? null) : null,
    evidenceChangedSinceClaim: live && row.changed,
  };
}
