import type { EvidenceSubmittedV1 } from '@mcp/contracts';
import { findSubIndicator, indexFramework, subIndicatorWeightInTotal, type Framework, type LocatedSubIndicator } from '@mcp/mcp-domain';
import { PermanentEventError, ReferenceDataPendingError } from '@mcp/messaging';
import { prepared } from '@mcp/postgres-client';
import { ReferenceData } from '@mcp/reference-data';
import { sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { subIndicatorRemovedDetail } from '../task-records/sub-indicator-removed';
import { recordTaskHistory } from '../task-records/task-history.repository';
import { ACTIVE_TASK_STATUSES, type Task, type TaskStatus } from '../task-records/task.entity';
import { lockIntake } from './evidence-lock';

/** Turns uploads into queue work: a new task, or one more file on the item's active task. */
@Injectable()
export class TaskIntake {
  private readonly logger = new Logger(TaskIntake.name);

  constructor(
    private readonly referenceData: ReferenceData,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A batch of uploads, in offset order (issue 16, an upload's cost in verification): one statement
   * locks every file of the batch and its years, then two per upload: one read that also records
   * the item's contributors (withdrawn? year closed? the year's newest revision? the item's active
   * task, locked) and one write of the task, its new file and its history line.
   */
  async addEvidence(uploads: EvidenceSubmittedV1[], manager: EntityManager): Promise<void> {
    if (uploads.length === 0) return;
    // Its own statement, before the reads: a withdrawal, a closing or a revision that committed
    // while this waited must be seen.
    await lockIntake(manager, uploads);
    for (const evidence of uploads) await this.addLocked(evidence, manager);
  }

  private async addLocked(evidence: EvidenceSubmittedV1, manager: EntityManager): Promise<void> {
    // Contributors are recorded even when the file is not queued: its sender shaped the item all the same.
    const state = await readIntakeState(manager, evidence, new Date(evidence.submittedAt));
    if (state.withdrawn) {
      this.logger.log(`Evidence ${evidence.evidenceId} was withdrawn before it reached the queue; not queued`);
      return;
    }
    const now = this.clock.now();
    const existing = state.closed ? null : state.activeTask;
    if (existing) {
      // After a revision request the new upload puts the task back in the queue and its waiting
      // time starts again; on a claimed task the holder sees evidenceChangedAt move.
      await addToActiveTask(manager, existing.id, evidence, now, existing.status === 'revision_requested');
      return;
    }
    const placement = await this.queuePlacement(manager, evidence, state.newestRevision);
    if (state.closed) {
      await this.addToNewTask(manager, evidence, now, 'year_closed', placement);
      return;
    }
    if (placement.removedIn !== undefined) {
      this.logger.log(`Evidence ${evidence.evidenceId}: sub-indicator ${evidence.subIndicatorCode} left framework ${evidence.year} in revision ${placement.removedIn}; recorded, not queued`);
      // On the item's task the sweep cancelled, if there is one: a later revision that has the code
      // again puts that one task back in the queue with every file.
      if (state.removedTaskId) {
        await addToActiveTask(manager, state.removedTaskId, evidence, now, false);
        return;
      }
      const taskId = await this.addToNewTask(manager, evidence, now, 'cancelled', placement);
      await recordTaskHistory(manager, taskId, { at: now, kind: 'cancelled', detail: subIndicatorRemovedDetail(placement.removedIn) });
      return;
    }
    if (state.removedTaskId) {
      // The code is back (a revision this service had not swept yet): the item's cancelled task returns with the new file.
      await reinstateWithEvidence(manager, state.removedTaskId, evidence, now, placement, state.newestRevision);
      return;
    }
    await this.addToNewTask(manager, evidence, now, 'open', placement);
  }

  /**
   * A year that is already closed still records the upload, on a task that never enters the queue.
   * The wilayah is read from the table in the insert, not the cache: a replica that has not yet had
   * a re-seed's change notice would otherwise queue the task where the mapping no longer puts it.
   */
  private async addToNewTask(
    manager: EntityManager,
    evidence: EvidenceSubmittedV1,
    now: Date,
    status: TaskStatus,
    placement: QueuePlacement,
  ): Promise<string> {
    const pemda = await this.referenceData.findPemda(evidence.pemdaCode, manager);
    if (!pemda) throw new PermanentEventError(`Pemda ${evidence.pemdaCode} tidak dikenal (unknown Pemda)`);
    const taskId = randomUUID();
    await manager.query(
      prepared(`WITH task AS (
         INSERT INTO ${sqlTable(manager, 'task')} (id, pemda_code, province_code, wilayah, year, sub_indicator_code, status,
           claimed_value, claimed_by, claimed_at, lease_expires_at, outcome, deadline, weight_in_total, waiting_since,
           revision_rounds, evidence_changed_at, created_at, updated_at, cancel_reason)
         VALUES ($1, $2, $3, coalesce((SELECT wilayah FROM ${sqlTable(manager, 'pemda')} WHERE code = $2), $4), $5, $6, $7, $8,
           NULL, NULL, NULL, NULL, $9, $10, $11, 0, $12, $12, $12,
           CASE WHEN $7::text = 'cancelled' THEN 'sub_indicator_removed' END)
       ), ${evidenceAndHistorySql(manager, 13)}`),
      [
        taskId,
        evidence.pemdaCode,
        evidence.provinceCode,
        pemda.wilayah,
        evidence.year,
        evidence.subIndicatorCode,
        status,
        evidence.claimedValue ?? null,
        placement.deadline,
        placement.weightInTotal,
        new Date(evidence.submittedAt),
        now,
        ...evidenceAndHistoryParams(evidence, now, false),
      ],
    );
    return taskId;
  }

  /**
   * Where the task sorts in claim-next: the year's deadline and the item's weight in the total,
   * from the year's newest revision as this transaction sees it (`newestRevision`), which the
   * cache may not have yet.
   */
  private async queuePlacement(manager: EntityManager, evidence: EvidenceSubmittedV1, newestRevision: number | null): Promise<QueuePlacement> {
    const cached = await this.referenceData.frameworkFor(evidence.year, manager);
    const framework = cached && cached.framework.revision >= (newestRevision ?? 0) ? cached : await this.referenceData.frameworkIn(manager, evidence.year);
    const located = framework && findSubIndicator(framework.index, evidence.subIndicatorCode);
    if (located) return { deadline: new Date(framework.framework.uploadDeadline), weightInTotal: subIndicatorWeightInTotal(located).toString() };
    // Submissions accepted the upload against its own copy. A code an earlier revision had was
    // dropped by a newer one (submissions had not learnt of it yet): the file is recorded on a
    // task that never enters the queue, as the sweep on publication would have left it.
    const removed = await revisionThatRemoved(manager, evidence.year, evidence.subIndicatorCode);
    if (framework && removed) {
      return { deadline: new Date(framework.framework.uploadDeadline), weightInTotal: subIndicatorWeightInTotal(removed.located).toString(), removedIn: removed.revision };
    }
    // A code no stored revision has belongs to a revision published a moment ago that has not
    // reached verification yet: wait for it (#60).
    throw new ReferenceDataPendingError(`Sub-indikator ${evidence.subIndicatorCode} tidak ada dalam kerangka ${evidence.year} (unknown sub-indicator)`);
  }
}

interface QueuePlacement extends Pick<Task, 'deadline' | 'weightInTotal'> {
  /** The revision that dropped the task's sub-indicator, when the newest one no longer has it. */
  removedIn?: number;
}

/** The newest stored revision that has the code, and the revision after it, which dropped it. */
async function revisionThatRemoved(
  manager: EntityManager,
  year: number,
  subIndicatorCode: string,
): Promise<{ revision: number; located: LocatedSubIndicator } | undefined> {
  const rows: { revision: number; document: Framework }[] = await manager.query(
    `SELECT revision, document FROM ${sqlTable(manager, 'framework')} WHERE year = $1 ORDER BY revision DESC`,
    [year],
  );
  for (let index = 1; index < rows.length; index += 1) {
    const located = findSubIndicator(indexFramework(rows[index].document), subIndicatorCode);
    if (located) return { revision: rows[index - 1].revision, located };
  }
  return undefined;
}

interface IntakeState {
  withdrawn: boolean;
  closed: boolean;
  /** The year's newest framework revision in this service's copy, as the transaction sees it. */
  newestRevision: number | null;
  activeTask: { id: string; status: TaskStatus } | null;
  /** Without an active task: the item's newest task a dropped sub-indicator cancelled (#166), locked. */
  removedTaskId: string | null;
}

/**
 * Records who shaped the item and reads what the intake decides on, in one statement: the file's
 * withdrawal, the year's closure, and the item's active task (at most one: task_one_active_per_item),
 * locked until the batch commits so a claim or another upload of the item waits for this one.
 */
async function readIntakeState(manager: EntityManager, evidence: EvidenceSubmittedV1, at: Date): Promise<IntakeState> {
  const contributors = [...new Set([evidence.submittedBy, evidence.claimSetBy].filter((subject): subject is string => Boolean(subject)))];
  const rows: {
    withdrawn: boolean;
    closed: boolean;
    newest_revision: number | null;
    task_id: string | null;
    task_status: TaskStatus | null;
    removed_task_id: string | null;
  }[] = await manager.query(
    prepared(`WITH contributors AS (
       INSERT INTO ${sqlTable(manager, 'item_contributor')} (pemda_code, year, sub_indicator_code, subject, first_seen_at)
       SELECT $1::text, $2::int, $3::text, subject, $5::timestamptz FROM unnest($4::text[]) AS s(subject)
       ON CONFLICT DO NOTHING
     )
     SELECT EXISTS (SELECT 1 FROM ${sqlTable(manager, 'evidence_withdrawal')} WHERE evidence_id = $6) AS withdrawn,
            EXISTS (SELECT 1 FROM ${sqlTable(manager, 'closed_year')} WHERE year = $2) AS closed,
            (SELECT max(revision) FROM ${sqlTable(manager, 'framework')} WHERE year = $2) AS newest_revision,
            active.id AS task_id, active.status AS task_status, removed.id AS removed_task_id
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (
         SELECT task.id, task.status FROM ${sqlTable(manager, 'task')} task
          WHERE task.pemda_code = $1 AND task.year = $2 AND task.sub_indicator_code = $3
            AND task.status IN (${ACTIVE_TASK_STATUSES.map((status) => `'${status}'`).join(', ')})
          LIMIT 1
            FOR UPDATE
       ) active ON true
       LEFT JOIN LATERAL (
         SELECT task.id FROM ${sqlTable(manager, 'task')} task
          WHERE active.id IS NULL AND task.pemda_code = $1 AND task.year = $2 AND task.sub_indicator_code = $3
            AND task.cancel_reason = 'sub_indicator_removed' AND task.status = 'cancelled'
            AND NOT EXISTS (SELECT 1 FROM ${sqlTable(manager, 'task')} later
                             WHERE later.pemda_code = $1 AND later.year = $2 AND later.sub_indicator_code = $3
                               AND later.created_at > task.created_at AND later.status <> 'cancelled')
          ORDER BY task.created_at DESC, task.id DESC
          LIMIT 1
            FOR UPDATE
       ) removed ON true`),
    [evidence.pemdaCode, evidence.year, evidence.subIndicatorCode, contributors, at, evidence.evidenceId],
  );
  const [row] = rows;
  return {
    withdrawn: row.withdrawn,
    closed: row.closed,
    newestRevision: row.newest_revision,
    activeTask: row.task_id && row.task_status ? { id: row.task_id, status: row.task_status } : null,
    removedTaskId: row.removed_task_id,
  };
}

/**
 * The end of both intake writes: the file's row on its task and the task's history line. The
 * statement before it names the task $1; the file's values start at $\{first}.
 */
function evidenceAndHistorySql(manager: EntityManager, first: number): string {
  const $ = (offset: number) => `$${first + offset}`;
  return `evidence AS (
       INSERT INTO ${sqlTable(manager, 'task_evidence')} (evidence_id, task_id, sha256, file_name, size_bytes, claimed_value, submitted_by, submitted_at, withdrawn_at)
       VALUES (${$(0)}, $1, ${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}, NULL)
     )
     INSERT INTO ${sqlTable(manager, 'task_history')} (task_id, at, kind, actor, detail) VALUES ($1, ${$(7)}, 'evidence_added', ${$(5)}, ${$(8)})`;
}

function evidenceAndHistoryParams(evidence: EvidenceSubmittedV1, now: Date, reopened: boolean): unknown[] {
  return [
    evidence.evidenceId,
    evidence.sha256,
    evidence.fileName,
    evidence.sizeBytes,
    evidence.claimedValue ?? null,
    evidence.submittedBy,
    new Date(evidence.submittedAt),
    now,
    JSON.stringify({ evidenceId: evidence.evidenceId, reopened }),
  ];
}

/** One more file on the item's active task; a task waiting for a revision goes back in the queue. */
async function addToActiveTask(manager: EntityManager, taskId: string, evidence: EvidenceSubmittedV1, now: Date, reopened: boolean): Promise<void> {
  // The CASEs read the row as it was (locked by readIntakeState, so as the caller saw it).
  await manager.query(
    prepared(`WITH task AS (
       UPDATE ${sqlTable(manager, 'task')}
          SET status = CASE WHEN status = 'revision_requested' THEN 'open' ELSE status END,
              waiting_since = CASE WHEN status = 'revision_requested' THEN $2::timestamptz ELSE waiting_since END,
              claimed_value = COALESCE($3::numeric, claimed_value),
              evidence_changed_at = $4, updated_at = $4
        WHERE id = $1
     ), ${evidenceAndHistorySql(manager, 5)}`),
    [taskId, new Date(evidence.submittedAt), evidence.claimedValue ?? null, now, ...evidenceAndHistoryParams(evidence, now, reopened)],
  );
}

/**
 * The item's task a dropped sub-indicator cancelled goes back in the queue with the new file, placed
 * by the revision that has the code again; its waiting time starts with this upload.
 */
async function reinstateWithEvidence(
  manager: EntityManager,
  taskId: string,
  evidence: EvidenceSubmittedV1,
  now: Date,
  placement: QueuePlacement,
  revision: number | null,
): Promise<void> {
  await manager.query(
    prepared(`WITH task AS (
       UPDATE ${sqlTable(manager, 'task')} target
          SET status = 'open', cancel_reason = NULL, deadline = $2, weight_in_total = $3, waiting_since = $4,
              claimed_value = COALESCE($5::numeric, target.claimed_value), evidence_changed_at = $6, updated_at = $6,
              -- The wilayah as the mapping says now: a re-seed while it was cancelled did not move it.
              wilayah = coalesce((SELECT pemda.wilayah FROM ${sqlTable(manager, 'pemda')} pemda WHERE pemda.code = target.pemda_code), target.wilayah)
        WHERE target.id = $1
     ), reinstated AS (
       INSERT INTO ${sqlTable(manager, 'task_history')} (task_id, at, kind, actor, detail)
       VALUES ($1, $6, 'reinstated', NULL, CASE WHEN $7::int IS NULL THEN NULL ELSE jsonb_build_object('revision', $7::int) END)
     ), ${evidenceAndHistorySql(manager, 8)}`),
    [
      taskId,
      placement.deadline,
      placement.weightInTotal,
      new Date(evidence.submittedAt),
      evidence.claimedValue ?? null,
      now,
      revision,
      ...evidenceAndHistoryParams(evidence, now, true),
    ],
  );
}
