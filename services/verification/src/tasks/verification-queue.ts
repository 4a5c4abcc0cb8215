import { assertCanActForWilayah, type AuthPrincipal } from '@mcp/auth';
import { EvidenceVerified } from '@mcp/contracts';
import { findSubIndicator } from '@mcp/mcp-domain';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { DecideTaskDto } from './decide-task.dto';
import { assertHoldsLiveClaim, assertValidDecision } from './decision-rules';
import { Decision } from './decision.entity';
import { Task } from './task.entity';
import { TaskEvidence } from './task-evidence.entity';
import { toTaskView, type TaskView } from './task-view';

export interface QueueSettings {
  leaseMinutes: number;
}
export const QUEUE_SETTINGS = Symbol('QUEUE_SETTINGS');

@Injectable()
export class VerificationQueue {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueSettings,
  ) {}

  /**
   * Hands the caller the oldest open task of their wilayah. `FOR UPDATE SKIP LOCKED` lets many
   * verifiers claim at once without waiting on each other, and never gives one task to two.
   */
  async claimNext(principal: AuthPrincipal): Promise<TaskView | undefined> {
    const wilayah = principal.wilayah;
    if (!wilayah) {
      throw new DomainError('forbidden', 'NO_WILAYAH', 'Klaim tugas membutuhkan wilayah pada token (claiming needs a wilayah scope)');
    }
    const rows: { id: string }[][] = await this.dataSource.query(
      `UPDATE "verification"."task"
          SET status = 'claimed', claimed_by = $2, updated_at = now(),
              lease_expires_at = now() + make_interval(mins => $3)
        WHERE id = (
          SELECT id FROM "verification"."task"
           WHERE wilayah = $1
             AND (status = 'open' OR (status = 'claimed' AND lease_expires_at < now()))
           ORDER BY created_at, id
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [wilayah, principal.subject, this.settings.leaseMinutes],
    );
    const claimed = rows[0]?.[0];
    return claimed ? this.view(principal, claimed.id) : undefined;
  }

  async view(principal: AuthPrincipal, taskId: string): Promise<TaskView> {
    const task = await this.dataSource.getRepository(Task).findOneBy({ id: taskId });
    if (!task) throw unknownTask(taskId);
    if (!principal.roles.includes('admin')) assertCanActForWilayah(principal, task.wilayah as never);
    const evidence = await this.dataSource.getRepository(TaskEvidence).find({
      where: { taskId },
      order: { submittedAt: 'ASC' },
    });
    return toTaskView(task, evidence);
  }

  /** Records the decision and its event together; refused unless the caller holds a live claim. */
  async decide(principal: AuthPrincipal, taskId: string, input: DecideTaskDto): Promise<{ decisionId: string; sequence: number }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const task = await manager.findOne(Task, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw unknownTask(taskId);
      assertCanActForWilayah(principal, task.wilayah as never);
      assertHoldsLiveClaim(task, principal.subject, new Date());
      assertValidDecision(input, await this.subIndicatorOf(task));
      return this.recordDecision(manager, principal, task, input);
    });
    this.relay.nudge();
    return result;
  }

  private async subIndicatorOf(task: Task) {
    const framework = await this.referenceData.frameworkFor(task.year);
    const located = framework && findSubIndicator(framework.index, task.subIndicatorCode);
    if (!located) {
      throw new DomainError('unprocessable', 'UNKNOWN_SUB_INDICATOR', `Sub-indikator ${task.subIndicatorCode} tidak ada dalam kerangka ${task.year}`);
    }
    return located.subIndicator;
  }

  private async recordDecision(
    manager: EntityManager,
    principal: AuthPrincipal,
    task: Task,
    input: DecideTaskDto,
  ): Promise<{ decisionId: string; sequence: number }> {
    const [{ last }] = await manager.query(
      `SELECT COALESCE(MAX(sequence), 0)::int AS last FROM "verification"."decision"
        WHERE pemda_code = $1 AND year = $2 AND sub_indicator_code = $3`,
      [task.pemdaCode, task.year, task.subIndicatorCode],
    );
    const evidence = await manager.find(TaskEvidence, { where: { taskId: task.id }, order: { submittedAt: 'ASC' } });
    const decision = manager.create(Decision, {
      id: randomUUID(),
      taskId: task.id,
      sequence: Number(last) + 1,
      pemdaCode: task.pemdaCode,
      year: task.year,
      subIndicatorCode: task.subIndicatorCode,
      outcome: input.outcome,
      verifiedValue: input.outcome === 'approved' ? (input.verifiedValue ?? null) : null,
      reason: input.reason?.trim() || null,
      decidedBy: principal.subject,
      decidedAt: new Date(),
    });
    await manager.insert(Decision, decision);
    await manager.update(Task, task.id, {
      status: input.outcome === 'revision_requested' ? 'revision_requested' : 'decided',
      outcome: input.outcome,
      claimedBy: null,
      leaseExpiresAt: null,
      updatedAt: new Date(),
    });
    await this.outbox.enqueue(manager, EvidenceVerified, {
      decisionId: decision.id,
      taskId: task.id,
      sequence: decision.sequence,
      pemdaCode: task.pemdaCode,
      provinceCode: task.provinceCode,
      year: task.year,
      subIndicatorCode: task.subIndicatorCode,
      outcome: decision.outcome,
      verifiedValue: decision.verifiedValue,
      claimedValue: task.claimedValue,
      reason: decision.reason,
      evidenceIds: evidence.map((item) => item.evidenceId),
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt.toISOString(),
    });
    return { decisionId: decision.id, sequence: decision.sequence };
  }
}

function unknownTask(taskId: string): DomainError {
  return new DomainError('not-found', 'UNKNOWN_TASK', `Tugas verifikasi ${taskId} tidak ditemukan (task not found)`);
}
