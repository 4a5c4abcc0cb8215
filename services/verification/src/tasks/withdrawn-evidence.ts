import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import { IsNull, Not } from 'typeorm';
import { recordTaskHistory } from '../task-records/task-history.repository';
import { Task } from '../task-records/task.entity';
import { TaskEvidence } from '../task-records/task-evidence.entity';

/**
 * Cancels a task left without evidence: nothing is left to judge, its claim ends, and a pause its
 * clarification thread holds ends with it.
 */
export async function cancelTaskWithoutEvidence(manager: EntityManager, task: Pick<Task, 'id'>, now: Date, actor: string | null): Promise<void> {
  await manager.update(Task, task.id, { status: 'cancelled', claimedBy: null, claimedAt: null, leaseExpiresAt: null, evidenceChangedAt: now, updatedAt: now });
  await manager.query(`UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $2 WHERE task_id = $1 AND resumed_at IS NULL`, [task.id, now]);
  await recordTaskHistory(manager, task.id, { at: now, kind: 'cancelled', actor, detail: { because: 'all evidence withdrawn' } });
}

/**
 * After files left an open or claimed task: when none of those left was sent after the task's last
 * decision asked for a revision, the task waits for the revision again instead of going back to the
 * queue with the file already judged inadequate (its claim, if any, ends), and a pause its
 * clarification thread holds ends: no verifier's clock runs while the Pemda revises (#214). Returns
 * whether it does.
 */
export async function awaitRevisionAgainIfNothingNew(manager: EntityManager, taskId: string, now: Date): Promise<boolean> {
  const [, affected]: [unknown, number] = await manager.query(
    `WITH last AS (
       SELECT outcome, decided_at, waiting_since FROM ${sqlTable(manager, 'decision')} WHERE task_id = $1 ORDER BY sequence DESC LIMIT 1
     )
     UPDATE ${sqlTable(manager, 'task')} task
        SET status = 'revision_requested', waiting_since = last.waiting_since,
            claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL, updated_at = $2
       FROM last
      WHERE task.id = $1 AND task.status IN ('open', 'claimed') AND last.outcome = 'revision_requested'
        -- When a file joined the task, on verification's own clock (as decided_at is): its
        -- submitted_at is submissions', and an upload made just before the decision may arrive after it.
        AND NOT EXISTS (SELECT 1 FROM ${sqlTable(manager, 'task_evidence')} evidence
                          JOIN ${sqlTable(manager, 'task_history')} added
                            ON added.task_id = evidence.task_id AND added.kind = 'evidence_added' AND added.detail->>'evidenceId' = evidence.evidence_id::text
                         WHERE evidence.task_id = $1 AND evidence.withdrawn_at IS NULL AND added.at > last.decided_at)`,
    [taskId, now],
  );
  if (affected === 0) return false;
  await manager.query(`UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $2 WHERE task_id = $1 AND resumed_at IS NULL`, [taskId, now]);
  return true;
}

/**
 * A file the Pemda withdrew while the task was claimed stays for that holder only (the withdrawal
 * crossed their claim, docs/decisions.md #151). When the task passes to someone else (a new claim
 * after a release or a lapsed lease, an admin's reassignment) the withdrawal takes effect: the
 * file leaves the task; a task left with none is cancelled, and one left with only the files a
 * revision was asked of waits for the revision again. Returns whether the task is still to be
 * verified now. The caller holds the task's row lock. The history names no actor: the Pemda withdrew
 * the file, earlier; this only carries it out.
 */
export async function dropWithdrawnEvidence(manager: EntityManager, task: Pick<Task, 'id'>, now: Date): Promise<boolean> {
  const actor = null;
  const withdrawn = await manager.findBy(TaskEvidence, { taskId: task.id, withdrawnAt: Not(IsNull()) });
  if (withdrawn.length === 0) return true;
  await manager.delete(TaskEvidence, withdrawn.map((evidence) => evidence.evidenceId));
  const left = await manager.countBy(TaskEvidence, { taskId: task.id });
  if (left > 0) await manager.update(Task, task.id, { evidenceChangedAt: now, updatedAt: now });
  const awaitingRevision = left > 0 && (await awaitRevisionAgainIfNothingNew(manager, task.id, now));
  for (const evidence of withdrawn) {
    await recordTaskHistory(manager, task.id, {
      at: now,
      kind: 'evidence_withdrawn',
      actor,
      detail: { evidenceId: evidence.evidenceId, kept: false, afterClaim: true, ...(awaitingRevision ? { awaitingRevisionAgain: true } : {}) },
    });
  }
  if (left === 0) await cancelTaskWithoutEvidence(manager, task, now, actor);
  return left > 0 && !awaitingRevision;
}
