import type { AuthPrincipal } from '@mcp/auth';
import { auditTrail, type AuditAction } from '@mcp/audit-trail';
import { EvidenceVerified, QaReviewRequested } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue-settings/queue-settings';
import { recordTaskHistory } from '../task-records/task-history.repository';
import { Task } from '../task-records/task.entity';
import { TaskEvidence } from '../task-records/task-evidence.entity';
import { taskSubjectOf } from '../task-records/task-subject';
import { lastSequence } from './decision.repository';
import { revisionRoundsBefore } from './decision-rules';
import { Decision, type DecisionKind } from './decision.entity';
import { isSampledForQa, sampleStepFor } from './qa-sampling';
import type { Verdict } from './verdict';

export interface DecisionPlan {
  task: Task;
  verdict: Verdict;
  kind: DecisionKind;
  decidedBy: string;
  /** Who decided, as their token says: the audit log records their roles too. */
  actor: AuthPrincipal;
  /** The decision a correction or overturn replaces; it stays in history. */
  replaces: Decision | null;
  now: Date;
}

const auditActionOf: Record<DecisionKind, AuditAction> = { first: 'decision.recorded', correction: 'decision.corrected', 'qa-overturn': 'qa.reviewed' };

export interface RecordedDecision {
  decision: Decision;
}

/**
 * The one place a decision is written: the row, the task's new state, its history, the QA sample
 * and the mcp.evidence.verified.v1 event commit together in the caller's transaction. Each gets the
 * next sequence of its Pemda × year × sub-indicator, so scoring keeps the latest.
 */
@Injectable()
export class DecisionRecorder {
  constructor(
    private readonly outbox: OutboxWriter,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueSettings,
  ) {}

  async record(manager: EntityManager, plan: DecisionPlan): Promise<RecordedDecision> {
    const { task, verdict, now } = plan;
    const decision = manager.create(Decision, {
      id: randomUUID(),
      taskId: task.id,
      sequence: (await lastSequence(manager, task)) + 1,
      kind: plan.kind,
      supersedesDecisionId: plan.replaces?.id ?? null,
      pemdaCode: task.pemdaCode,
      year: task.year,
      subIndicatorCode: task.subIndicatorCode,
      wilayah: task.wilayah,
      ...verdict,
      decidedBy: plan.decidedBy,
      decidedAt: now,
      waitingSince: task.waitingSince,
      correctableUntil: this.correctableUntil(plan),
    });
    await manager.insert(Decision, decision);
    await this.updateTask(manager, plan);
    await recordTaskHistory(manager, task.id, {
      at: now,
      kind: 'decided',
      actor: plan.decidedBy,
      detail: { decisionId: decision.id, kind: plan.kind, outcome: verdict.outcome },
    });
    await this.emit(manager, task, decision);
    await this.applySample(manager, plan, decision);
    await supersedeOlderReviews(manager, decision);
    await auditTrail.append(manager, { actor: plan.actor, action: auditActionOf[plan.kind], pemdaCode: task.pemdaCode, year: task.year, subIndicatorCode: task.subIndicatorCode, ids: { taskId: task.id, decisionId: decision.id }, details: { outcome: decision.outcome, verifiedValue: decision.verifiedValue, sequence: decision.sequence, replaces: plan.replaces?.id ?? null }, occurredAt: now });
    return { decision };
  }

  /** Keeps, moves, redraws or skips the QA sample by `sampleStepFor` (docs/decisions.md #45). */
  private async applySample(manager: EntityManager, plan: DecisionPlan, decision: Decision): Promise<void> {
    const pending = plan.kind === 'qa-overturn' ? [] : await pendingReviewsOnTask(manager, plan.task.id, decision.id);
    const step = sampleStepFor({
      kind: plan.kind,
      outcome: decision.outcome,
      replacedOutcome: plan.replaces?.outcome ?? null,
      pendingReviewOnTask: pending.length > 0,
      replacedConfirmedByQa: plan.kind === 'correction' && plan.replaces !== null && (await wasConfirmedByQa(manager, plan.replaces.id)),
    });
    if (step === 'follow') {
      await manager.query(`UPDATE ${sqlTable(manager, 'qa_review')} SET decision_id = $1 WHERE id = ANY($2::uuid[])`, [decision.id, pending]);
    } else if (step === 'requeue' || (step === 'draw' && isSampledForQa(decision.id, this.settings.qaSamplePercent))) {
      await this.requestReview(manager, plan.task, decision, plan.now);
    }
  }

  /**
   * Queues the review and tells QA of the wilayah (`mcp.qa.review.requested.v1`, confidential to
   * QA by its contract: the decider must not learn that their decision was sampled).
   */
  private async requestReview(manager: EntityManager, task: Task, decision: Decision, now: Date): Promise<void> {
    const reviewId = randomUUID();
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'qa_review')} (id, decision_id, task_id, wilayah, status, sampled_at)
       VALUES ($1, $2, $3, $4, 'pending', $5)`,
      [reviewId, decision.id, task.id, task.wilayah, now],
    );
    await this.outbox.enqueue(manager, QaReviewRequested, {
      reviewId,
      decisionId: decision.id,
      ...taskSubjectOf(task),
      outcome: decision.outcome,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt.toISOString(),
      sampledAt: now.toISOString(),
    });
  }

  private correctableUntil(plan: DecisionPlan): Date | null {
    if (plan.kind === 'first') return new Date(plan.now.getTime() + this.settings.correctionPeriodDays * 86_400_000);
    // A correction does not restart the period: it runs from the first decision.
    return plan.kind === 'correction' ? (plan.replaces?.correctableUntil ?? null) : null;
  }

  private async updateTask(manager: EntityManager, { task, verdict, replaces, now }: DecisionPlan): Promise<void> {
    const revisionRounds = revisionRoundsBefore(task, replaces) + (verdict.outcome === 'revision_requested' ? 1 : 0);
    await manager.update(Task, task.id, {
      status: verdict.outcome === 'revision_requested' ? 'revision_requested' : 'decided',
      outcome: verdict.outcome,
      claimedBy: null,
      claimedAt: null,
      leaseExpiresAt: null,
      revisionRounds,
      updatedAt: now,
    });
  }

  private async emit(manager: EntityManager, task: Task, decision: Decision): Promise<void> {
    const evidence = await manager.find(TaskEvidence, { where: { taskId: task.id }, order: { submittedAt: 'ASC', evidenceId: 'ASC' } });
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
  }
}

async function pendingReviewsOnTask(manager: EntityManager, taskId: string, decisionId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM ${sqlTable(manager, 'qa_review')} WHERE task_id = $1 AND status = 'pending' AND decision_id <> $2`,
    [taskId, decisionId],
  );
  return rows.map(({ id }) => id);
}

async function wasConfirmedByQa(manager: EntityManager, decisionId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT 1 FROM ${sqlTable(manager, 'qa_review')} WHERE decision_id = $1 AND status = 'confirmed'`, [decisionId]);
  return rows.length > 0;
}

/**
 * A QA review of a decision that is no longer in force has nothing left to judge (a review that
 * followed the newest decision of its task was moved before this runs).
 */
async function supersedeOlderReviews(manager: EntityManager, decision: Decision): Promise<void> {
  await manager.query(
    `UPDATE ${sqlTable(manager, 'qa_review')} SET status = 'superseded'
      WHERE status = 'pending' AND decision_id IN (
        SELECT id FROM ${sqlTable(manager, 'decision')}
         WHERE pemda_code = $1 AND year = $2 AND sub_indicator_code = $3 AND sequence < $4)`,
    [decision.pemdaCode, decision.year, decision.subIndicatorCode, decision.sequence],
  );
}
