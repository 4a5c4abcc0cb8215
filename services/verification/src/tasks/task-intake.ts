import type { EvidenceSubmittedV1 } from '@mcp/contracts';
import { findSubIndicator, subIndicatorWeightInTotal } from '@mcp/mcp-domain';
import { PermanentEventError, ReferenceDataPendingError } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { recordItemContributors } from '../task-records/item-contributors';
import { recordTaskHistory } from '../task-records/task-history.repository';
import { ACTIVE_TASK_STATUSES, Task, type TaskStatus } from '../task-records/task.entity';
import { TaskEvidence } from '../task-records/task-evidence.entity';
import { ClosedYears } from '../years/closed-years';
import { lockEvidenceId } from './evidence-lock';
import { wasWithdrawn } from './evidence-withdrawal.repository';

/** Turns uploads into queue work: a new task, or one more file on the item's active task. */
@Injectable()
export class TaskIntake {
  private readonly logger = new Logger(TaskIntake.name);

  constructor(
    private readonly referenceData: ReferenceData,
    private readonly closedYears: ClosedYears,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async addEvidence(evidence: EvidenceSubmittedV1, manager: EntityManager): Promise<void> {
    await lockEvidenceId(manager, evidence.evidenceId);
    // Recorded even when the file is not queued: its sender shaped the item all the same.
    await recordItemContributors(manager, evidence, [evidence.submittedBy, evidence.claimSetBy], new Date(evidence.submittedAt));
    if (await wasWithdrawn(manager, evidence.evidenceId)) {
      this.logger.log(`Evidence ${evidence.evidenceId} was withdrawn before it reached the queue; not queued`);
      return;
    }
    const now = this.clock.now();
    const closed = await this.closedYears.isClosed(manager, evidence.year);
    const existing = closed ? null : await findActiveTask(evidence, manager);
    const task = existing ?? (await this.newTask(evidence, manager, now, closed ? 'year_closed' : 'open'));
    await manager.insert(TaskEvidence, {
      evidenceId: evidence.evidenceId,
      taskId: task.id,
      sha256: evidence.sha256,
      fileName: evidence.fileName,
      sizeBytes: evidence.sizeBytes,
      claimedValue: evidence.claimedValue,
      submittedBy: evidence.submittedBy,
      submittedAt: new Date(evidence.submittedAt),
      withdrawnAt: null,
    });
    const reopened = existing?.status === 'revision_requested';
    if (existing) {
      // After a revision request the new upload puts the task back in the queue and its waiting
      // time starts again; on a claimed task the holder sees evidenceChangedAt move.
      await manager.update(Task, existing.id, {
        status: reopened ? 'open' : existing.status,
        waitingSince: reopened ? new Date(evidence.submittedAt) : existing.waitingSince,
        claimedValue: evidence.claimedValue ?? existing.claimedValue,
        evidenceChangedAt: now,
        updatedAt: now,
      });
    }
    await recordTaskHistory(manager, task.id, { at: now, kind: 'evidence_added', actor: evidence.submittedBy, detail: { evidenceId: evidence.evidenceId, reopened } });
  }

  /** A year that is already closed still records the upload, on a task that never enters the queue. */
  private async newTask(evidence: EvidenceSubmittedV1, manager: EntityManager, now: Date, status: TaskStatus): Promise<Task> {
    const pemda = await this.referenceData.findPemda(evidence.pemdaCode);
    if (!pemda) throw new PermanentEventError(`Pemda ${evidence.pemdaCode} tidak dikenal (unknown Pemda)`);
    const placement = await this.queuePlacement(evidence);
    const task = manager.create(Task, {
      id: randomUUID(),
      pemdaCode: evidence.pemdaCode,
      provinceCode: evidence.provinceCode,
      wilayah: pemda.wilayah,
      year: evidence.year,
      subIndicatorCode: evidence.subIndicatorCode,
      status,
      claimedValue: evidence.claimedValue,
      claimedBy: null,
      claimedAt: null,
      leaseExpiresAt: null,
      outcome: null,
      ...placement,
      waitingSince: new Date(evidence.submittedAt),
      revisionRounds: 0,
      evidenceChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(Task, task);
    return task;
  }

  /** Where the task sorts in claim-next: the year's deadline and the item's weight in the total. */
  private async queuePlacement(evidence: EvidenceSubmittedV1): Promise<Pick<Task, 'deadline' | 'weightInTotal'>> {
    const framework = await this.referenceData.frameworkFor(evidence.year);
    const located = framework && findSubIndicator(framework.index, evidence.subIndicatorCode);
    if (!located) {
      // Submissions accepted the upload against its own copy, so a code missing here belongs to a
      // revision published a moment ago that has not reached verification yet: wait for it (#60).
      throw new ReferenceDataPendingError(`Sub-indikator ${evidence.subIndicatorCode} tidak ada dalam kerangka ${evidence.year} (unknown sub-indicator)`);
    }
    return {
      deadline: new Date(framework.framework.uploadDeadline),
      weightInTotal: subIndicatorWeightInTotal(located).toString(),
    };
  }
}

function findActiveTask(evidence: EvidenceSubmittedV1, manager: EntityManager): Promise<Task | null> {
  return manager
    .createQueryBuilder(Task, 'task')
    .setLock('pessimistic_write')
    .where('task.pemdaCode = :pemdaCode AND task.year = :year AND task.subIndicatorCode = :code', {
      pemdaCode: evidence.pemdaCode,
      year: evidence.year,
      code: evidence.subIndicatorCode,
    })
    .andWhere('task.status IN (:...statuses)', { statuses: ACTIVE_TASK_STATUSES })
    .getOne();
}
