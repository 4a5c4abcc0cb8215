import type { EvidenceSubmittedV1 } from '@mcp/contracts';
import { PermanentEventError } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Task } from './task.entity';
import { TaskEvidence } from './task-evidence.entity';

/** Turns uploads into queue work: a new task, or one more file on the item's open task. */
@Injectable()
export class TaskIntake {
  constructor(private readonly referenceData: ReferenceData) {}

  async addEvidence(evidence: EvidenceSubmittedV1, manager: EntityManager): Promise<void> {
    const pemda = await this.referenceData.findPemda(evidence.pemdaCode);
    if (!pemda) {
      throw new PermanentEventError(`Pemda ${evidence.pemdaCode} tidak dikenal (unknown Pemda)`);
    }
    const task = (await this.findOpenTask(evidence, manager)) ?? (await this.openTask(evidence, pemda.wilayah, manager));
    await manager.insert(TaskEvidence, {
      evidenceId: evidence.evidenceId,
      taskId: task.id,
      sha256: evidence.sha256,
      fileName: evidence.fileName,
      sizeBytes: evidence.sizeBytes,
      claimedValue: evidence.claimedValue,
      submittedBy: evidence.submittedBy,
      submittedAt: new Date(evidence.submittedAt),
    });
    // New evidence after a revision request puts the task back in the queue; on a claimed task
    // the verifier sees evidenceChangedAt move before deciding.
    await manager.update(Task, task.id, {
      status: task.status === 'revision_requested' ? 'open' : task.status,
      claimedValue: evidence.claimedValue ?? task.claimedValue,
      evidenceChangedAt: new Date(),
      updatedAt: new Date(),
    });
  }

  private findOpenTask(evidence: EvidenceSubmittedV1, manager: EntityManager): Promise<Task | null> {
    return manager
      .createQueryBuilder(Task, 'task')
      .setLock('pessimistic_write')
      .where('task.pemdaCode = :pemdaCode AND task.year = :year AND task.subIndicatorCode = :code', {
        pemdaCode: evidence.pemdaCode,
        year: evidence.year,
        code: evidence.subIndicatorCode,
      })
      .andWhere(`task.status <> 'decided'`)
      .getOne();
  }

  private async openTask(evidence: EvidenceSubmittedV1, wilayah: string, manager: EntityManager): Promise<Task> {
    const now = new Date();
    const task = manager.create(Task, {
      id: randomUUID(),
      pemdaCode: evidence.pemdaCode,
      provinceCode: evidence.provinceCode,
      wilayah,
      year: evidence.year,
      subIndicatorCode: evidence.subIndicatorCode,
      status: 'open',
      claimedValue: evidence.claimedValue,
      claimedBy: null,
      leaseExpiresAt: null,
      outcome: null,
      evidenceChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(Task, task);
    return task;
  }
}
