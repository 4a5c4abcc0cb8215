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
export async function cancelTaskWithoutEvidence(manager: EntityManager, task: Pick<Task, 'id'>, now: Date, actor: string): Promise<void> {
  await manager.update(Task, task.id, { status: 'cancelled', claimedBy: null, claimedAt: null, leaseExpiresAt: null, evidenceChangedAt: now, updatedAt: now });
  await manager.query(`UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $2 WHERE task_id = $1 AND resumed_at IS NULL`, [task.id, now]);
  await recordTaskHistory(manager, task.id, { at: now, kind: 'cancelled', actor, detail: { because: 'all evidence withdrawn' } });
}

/**
 * A file the Pemda withdrew while the task was claimed stays for that holder only (the withdrawal
 * crossed their claim, docs/decisions.md #151). When the task passes to someone else (a new claim
 * after a release or a lapsed lease, an admin's reassignment) the withdrawal takes effect: the
 * file leaves the task, and a task left with none is cancelled. Returns how many files are left.
 * The caller holds the task's row lock.
 */
export async function dropWithdrawnEvidence(manager: EntityManager, task: Pick<Task, 'id'>, now: Date, actor: string): Promise<number> {
  const withdrawn = await manager.findBy(TaskEvidence, { taskId: task.id, withdrawnAt: Not(IsNull()) });
  if (withdrawn.length === 0) return manager.countBy(TaskEvidence, { taskId: task.id });
  await manager.delete(TaskEvidence, withdrawn.map((evidence) => evidence.evidenceId));
  for (const evidence of withdrawn) {
    await recordTaskHistory(manager, task.id, { at: now, kind: 'evidence_withdrawn', actor, detail: { evidenceId: evidence.evidenceId, kept: false, afterClaim: true } });
  }
  const left = await manager.countBy(TaskEvidence, { taskId: task.id });
  if (left === 0) await cancelTaskWithoutEvidence(manager, task, now, actor);
  else await manager.update(Task, task.id, { evidenceChangedAt: now, updatedAt: now });
  return left;
}
