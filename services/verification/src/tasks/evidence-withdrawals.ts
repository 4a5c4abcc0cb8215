import type { EvidenceWithdrawnV1 } from '@mcp/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { recordItemContributors } from '../task-records/item-contributors';
import { isLiveClaim } from '../task-records/live-claim';
import { recordTaskHistory } from '../task-records/task-history.repository';
import { lockTask } from '../task-records/task-lookup';
import { Task } from '../task-records/task.entity';
import { TaskEvidence } from '../task-records/task-evidence.entity';
import { lockEvidenceId } from './evidence-lock';
import { awaitRevisionAgainIfNothingNew, cancelTaskWithoutEvidence } from './withdrawn-evidence';
import { recordWithdrawal, type WithdrawalOutcome } from './evidence-withdrawal.repository';

/**
 * The Pemda took evidence back (mcp.evidence.withdrawn.v1; submissions allows it only while no
 * verifier has claimed the task). Normally it leaves its task, and a task left without evidence
 * is cancelled. If a verifier claimed the task meanwhile (the event crossed the claim), the file
 * stays for the holder, marked withdrawn, and evidenceChangedAt moves so the decision must be
 * taken on what is there now; it leaves the task when the task passes to someone else
 * (`dropWithdrawnEvidence`). A task already decided keeps its decision. Every case is recorded
 * in `evidence_withdrawal`, which also stops a late upload event from queueing it again.
 */
@Injectable()
export class EvidenceWithdrawals {
  private readonly logger = new Logger(EvidenceWithdrawals.name);

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async withdraw(event: EvidenceWithdrawnV1, manager: EntityManager): Promise<WithdrawalOutcome> {
    await lockEvidenceId(manager, event.evidenceId);
    await recordItemContributors(manager, event, [event.withdrawnBy], new Date(event.withdrawnAt));
    const evidence = await manager.findOneBy(TaskEvidence, { evidenceId: event.evidenceId });
    const task = evidence ? await lockTask(manager, evidence.taskId) : null;
    const outcome = evidence && task ? await this.apply(manager, event, evidence, task) : 'before-intake';
    await recordWithdrawal(manager, event, task?.id ?? null, outcome, this.clock.now());
    if (outcome.startsWith('kept')) {
      this.logger.warn(`Evidence ${event.evidenceId} withdrawn by ${event.withdrawnBy} but kept on task ${task?.id} (${outcome})`);
    }
    return outcome;
  }

  private async apply(manager: EntityManager, event: EvidenceWithdrawnV1, evidence: TaskEvidence, task: Task): Promise<WithdrawalOutcome> {
    const now = this.clock.now();
    const history = (kind: 'evidence_withdrawn', detail: Record<string, unknown>) =>
      recordTaskHistory(manager, task.id, { at: now, kind, actor: event.withdrawnBy, detail: { evidenceId: event.evidenceId, ...detail } });
    if (task.status !== 'open' && task.status !== 'claimed') {
      await manager.update(TaskEvidence, evidence.evidenceId, { withdrawnAt: new Date(event.withdrawnAt) });
      await history('evidence_withdrawn', { kept: true, taskStatus: task.status });
      return task.status === 'cancelled' ? 'kept-cancelled' : task.status === 'year_closed' ? 'kept-year-closed' : 'kept-decided';
    }
    if (isLiveClaim(task, now)) {
      await manager.update(TaskEvidence, evidence.evidenceId, { withdrawnAt: new Date(event.withdrawnAt) });
      await manager.update(Task, task.id, { evidenceChangedAt: now, updatedAt: now });
      await history('evidence_withdrawn', { kept: true, holder: task.claimedBy });
      return 'kept-claimed';
    }
    await manager.delete(TaskEvidence, { evidenceId: evidence.evidenceId });
    if ((await manager.countBy(TaskEvidence, { taskId: task.id })) > 0) {
      await manager.update(Task, task.id, { evidenceChangedAt: now, updatedAt: now });
      // The file sent for a revision taken back: the task waits for the revision again (#151).
      const awaitingRevision = await awaitRevisionAgainIfNothingNew(manager, task.id, now);
      await history('evidence_withdrawn', { kept: false, ...(awaitingRevision ? { awaitingRevisionAgain: true } : {}) });
      return 'removed';
    }
    await history('evidence_withdrawn', { kept: false });
    await cancelTaskWithoutEvidence(manager, task, now, event.withdrawnBy);
    return 'removed-task-cancelled';
  }
}
