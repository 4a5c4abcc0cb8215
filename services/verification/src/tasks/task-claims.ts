import { auditTrail } from '@mcp/audit-trail';
import type { AuthPrincipal } from '@mcp/auth';
import { OutboxWriter } from '@mcp/messaging';
import { prepared } from '@mcp/postgres-client';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue-settings/queue-settings';
import { VerifierScopes } from '../routing/verifier-scopes';
import { isItemContributor, notContributedBy } from '../task-records/item-contributors';
import { assertHoldsLiveClaim } from '../task-records/live-claim';
import { assertSubIndicatorNotRemoved } from '../task-records/sub-indicator-removed';
import { recordTaskHistory } from '../task-records/task-history.repository';
import { hydrate, lockTask } from '../task-records/task-lookup';
import { announceReassignment } from '../task-records/task-reassignment-event';
import { TaskEvidence } from '../task-records/task-evidence.entity';
import { Task, TASK_STATUS_LABELS } from '../task-records/task.entity';
import { TaskReader } from './task-reader';
import type { TaskView } from './task.view';
import { dropWithdrawnEvidence } from './withdrawn-evidence';

/**
 * Claims with leases. Claim-next hands out the most urgent open task of the caller's wilayah:
 * closest deadline, then the heaviest sub-indicator in the total, then the oldest; a task whose
 * lease ran out competes as if open. It walks the `task_claim_order` index with `FOR UPDATE SKIP
 * LOCKED`, so concurrent claimers never wait on each other and never get the same task: a row is
 * claimed by the one transaction that locked it. Items the claimer uploaded, withdrew or set the
 * claim of are skipped (separation of duties, docs/decisions.md #46): another verifier gets them.
 */
@Injectable()
export class TaskClaims {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: VerifierScopes,
    private readonly reader: TaskReader,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueSettings,
  ) {}

  async claimNext(principal: AuthPrincipal): Promise<TaskView | undefined> {
    // The token's wilayah is the default; an admin override is applied inside the claim statement.
    const tokenWilayah = principal.wilayah ?? (await this.scopes.effective(principal)).wilayah;
    if (!tokenWilayah) {
      throw new DomainError('forbidden', 'NO_WILAYAH', 'Mengambil tugas membutuhkan wilayah pada token (claiming needs a wilayah scope)');
    }
    const claimed = await this.claimMostUrgent(tokenWilayah, principal.subject, this.clock.now());
    if (!claimed) return undefined;
    if (claimed.evidence.some((evidence) => evidence.withdrawnAt !== null)) {
      // Withdrawn while someone else held it: the withdrawal takes effect now (#151). A task left
      // without evidence is cancelled (or waits for a revision again), and the next one is taken instead.
      const stillToVerify = await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        const locked = await lockTask(manager, claimed.task.id);
        // Between the two transactions the year may have closed or an admin moved the task: not ours to change.
        if (locked.status !== 'claimed' || locked.claimedBy !== principal.subject) return false;
        const toVerify = await dropWithdrawnEvidence(manager, claimed.task, now);
        // The claimer sees the task as it is after the change (a decision without evidenceChangedAt is not stale).
        if (toVerify) await manager.update(Task, claimed.task.id, { claimedAt: now });
        return toVerify;
      });
      if (!stillToVerify) return this.claimNext(principal);
      return this.reader.viewById(claimed.task.id);
    }
    return this.reader.viewOfClaimed(claimed.task, claimed.evidence, claimed.hasDecisions);
  }

  /** A fresh lease from now, for the holder of a live claim who needs more time. */
  async extend(principal: AuthPrincipal, taskId: string): Promise<TaskView> {
    return this.asHolder(principal, taskId, async (manager, task, now) => {
      await manager.update(Task, task.id, { leaseExpiresAt: this.leaseEnd(now), updatedAt: now });
      await recordTaskHistory(manager, task.id, { at: now, kind: 'extended', actor: principal.subject });
    });
  }

  /** Gives the task back to the queue at once, instead of letting the lease run out. */
  async release(principal: AuthPrincipal, taskId: string): Promise<TaskView> {
    return this.asHolder(principal, taskId, async (manager, task, now) => {
      await manager.update(Task, task.id, { ...UNCLAIMED, updatedAt: now });
      await recordTaskHistory(manager, task.id, { at: now, kind: 'released', actor: principal.subject });
    });
  }

  /**
   * An admin moves an open or claimed task to a verifier (who then holds it with a fresh lease) or
   * back to the queue. The verifier must work in the task's wilayah to decide it; an override that
   * says otherwise is refused here, a token claim can only be checked when they act. Both
   * verifiers learn of it from `mcp.task.reassigned.v1`, written in the same transaction.
   */
  async reassign(admin: AuthPrincipal, taskId: string, verifier: string | undefined): Promise<TaskView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const task = await lockTask(manager, taskId);
      if (task.status !== 'open' && task.status !== 'claimed') {
        throw new DomainError('conflict', 'TASK_NOT_ASSIGNABLE', `Tugas ini ${TASK_STATUS_LABELS[task.status]} dan tidak dapat dialihkan; hanya tugas di antrean atau yang sedang dipegang (only open or claimed tasks can be reassigned)`);
      }
      if (verifier) await this.assertWorksIn(manager, verifier, task.wilayah);
      if (verifier && (await isItemContributor(manager, task, verifier))) {
        throw new DomainError('unprocessable', 'VERIFIER_SUBMITTED_EVIDENCE', `Verifikator ${verifier} ikut mengunggah, menarik, atau mengubah nilai klaim item ini dan tidak boleh memverifikasinya (the verifier submitted this evidence)`);
      }
      const from = task.status === 'claimed' ? task.claimedBy : null;
      // A file withdrawn while the former holder had the task leaves it now (#151). With nothing left to
      // verify (cancelled, or waiting for a revision again) nothing is assigned: the former holder is
      // told their hold ended, and the admin sees the task as it now stands.
      if (!(await dropWithdrawnEvidence(manager, task, now))) {
        if (from) await announceReassignment(this.outbox, manager, task, { fromVerifier: from, toVerifier: null, leaseExpiresAt: null, reassignedBy: admin.subject, at: now });
        await auditTrail.append(manager, { actor: admin, action: 'task.reassigned', pemdaCode: task.pemdaCode, year: task.year, subIndicatorCode: task.subIndicatorCode, ids: { taskId: task.id }, details: { from, to: null, because: 'evidence withdrawn by the Pemda' }, occurredAt: now });
        return this.reader.viewById(task.id, manager);
      }
      const leaseExpiresAt = verifier ? this.leaseEnd(now) : null;
      await manager.update(Task, task.id, verifier
        ? { status: 'claimed', claimedBy: verifier, claimedAt: now, leaseExpiresAt, updatedAt: now }
        : { ...UNCLAIMED, updatedAt: now });
      await recordTaskHistory(manager, task.id, { at: now, kind: 'reassigned', actor: admin.subject, detail: { from, to: verifier ?? null } });
      await announceReassignment(this.outbox, manager, task, { fromVerifier: from, toVerifier: verifier ?? null, leaseExpiresAt, reassignedBy: admin.subject, at: now });
      await auditTrail.append(manager, { actor: admin, action: 'task.reassigned', pemdaCode: task.pemdaCode, year: task.year, subIndicatorCode: task.subIndicatorCode, ids: { taskId: task.id }, details: { from, to: verifier ?? null }, occurredAt: now });
      return this.reader.viewById(task.id, manager);
    });
  }

  private async assertWorksIn(manager: EntityManager, verifier: string, wilayah: string): Promise<void> {
    const override = await this.scopes.effective({ subject: verifier, roles: ['verifier'] }, manager);
    if (override.wilayah && override.wilayah !== wilayah) {
      throw new DomainError('unprocessable', 'VERIFIER_IN_OTHER_WILAYAH', `Verifikator ${verifier} ditetapkan di Wilayah ${override.wilayah}, tugas ini di Wilayah ${wilayah} (verifier works in another wilayah)`);
    }
  }

  private async asHolder(
    principal: AuthPrincipal,
    taskId: string,
    change: (manager: EntityManager, task: Task, now: Date) => Promise<void>,
  ): Promise<TaskView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const task = await lockTask(manager, taskId);
      await this.scopes.assertActsFor(principal, task.wilayah, manager);
      assertSubIndicatorNotRemoved(task);
      assertHoldsLiveClaim(task, principal.subject, now);
      await change(manager, task, now);
      return this.reader.viewById(task.id, manager);
    });
  }

  /**
   * One statement, so a claim costs one round trip: the most urgent open task and the most urgent
   * task whose lease ran out are each locked (skipping rows another claimer holds), the better of
   * the two is claimed, and the history records the lost lease and the new claim. The claimed row
   * comes back whole with its evidence (as JSON rows; the claim does not change them) and whether it
   * has decisions, so the view reads nothing more for a task never decided.
   */
  private async claimMostUrgent(
    tokenWilayah: string,
    subject: string,
    now: Date,
  ): Promise<{ task: Task; evidence: TaskEvidence[]; hasDecisions: boolean } | undefined> {
    const taskTable = sqlTable(this.dataSource, 'task');
    const rows: (Record<string, unknown> & { has_decisions: boolean; evidence: Record<string, unknown>[] })[] = await this.dataSource.query(
      prepared(`WITH scope AS (
         SELECT COALESCE((SELECT wilayah FROM ${sqlTable(this.dataSource, 'verifier_wilayah')} WHERE subject = $2), $1::text) AS wilayah
       ), open_next AS (
         SELECT id, deadline, weight_in_total, created_at, NULL::text AS lost_by, NULL::timestamptz AS lost_at
           FROM ${taskTable} task
          WHERE wilayah = (SELECT wilayah FROM scope) AND status = 'open' AND ${notContributedBy(this.dataSource, 'task', '$2')}
          ORDER BY deadline, weight_in_total DESC, created_at, id
          LIMIT 1 FOR UPDATE SKIP LOCKED
       ), expired_next AS (
         SELECT id, deadline, weight_in_total, created_at, claimed_by, lease_expires_at
           FROM ${taskTable} task
          WHERE wilayah = (SELECT wilayah FROM scope) AND status = 'claimed' AND lease_expires_at <= $3
            AND ${notContributedBy(this.dataSource, 'task', '$2')}
          ORDER BY deadline, weight_in_total DESC, created_at, id
          LIMIT 1 FOR UPDATE SKIP LOCKED
       ), next AS (
         SELECT * FROM (SELECT * FROM open_next UNION ALL SELECT * FROM expired_next) candidates
          ORDER BY deadline, weight_in_total DESC, created_at, id LIMIT 1
       ), claimed AS (
         UPDATE ${taskTable} task
            SET status = 'claimed', claimed_by = $2,
                -- $3 was read before this statement ran; evidence committed in between is evidence
                -- this claimer sees now, so the claim must not look older than it (EVIDENCE_CHANGED).
                claimed_at = GREATEST($3::timestamptz, task.evidence_changed_at),
                lease_expires_at = $4, updated_at = $3
           FROM next WHERE task.id = next.id
         RETURNING task.*, next.lost_by, next.lost_at,
                   EXISTS (SELECT 1 FROM ${sqlTable(this.dataSource, 'decision')} decision WHERE decision.task_id = task.id) AS has_decisions
       ), logged AS (
         INSERT INTO ${sqlTable(this.dataSource, 'task_history')} (task_id, at, kind, actor, detail)
         SELECT task_id, $3, kind, actor, detail FROM (
           SELECT 1 AS position, id AS task_id, 'lease_expired' AS kind, lost_by AS actor,
                  jsonb_build_object('leaseExpiresAt', lost_at) AS detail
             FROM claimed WHERE lost_by IS NOT NULL
           UNION ALL
           SELECT 2, id, 'claimed', $2, NULL FROM claimed) entries
         ORDER BY position)
       SELECT claimed.*,
              (SELECT COALESCE(json_agg(evidence ORDER BY evidence.submitted_at, evidence.evidence_id), '[]')
                 FROM ${sqlTable(this.dataSource, 'task_evidence')} evidence WHERE evidence.task_id = claimed.id) AS evidence
         FROM claimed`),
      [tokenWilayah, subject, now, this.leaseEnd(now)],
    );
    const [row] = rows;
    if (!row) return undefined;
    return {
      task: hydrate(this.dataSource, Task, row),
      evidence: row.evidence.map((evidence) => hydrate(this.dataSource, TaskEvidence, evidence)),
      hasDecisions: row.has_decisions,
    };
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.settings.leaseMinutes * 60_000);
  }
}

const UNCLAIMED = { status: 'open', claimedBy: null, claimedAt: null, leaseExpiresAt: null } as const;
