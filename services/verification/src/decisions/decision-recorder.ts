import type { AuthPrincipal } from '@mcp/auth';
import { auditTrail, type AuditAction } from '@mcp/audit-trail';
import { EvidenceVerified, QaReviewRequested } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue-settings/queue-settings';
import type { Task } from '../task-records/task.entity';
import { TaskEvidence } from '../task-records/task-evidence.entity';
import { taskSubjectOf } from '../task-records/task-subject';
import { lockItemSequence } from './decision.repository';
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
  /** The task's evidence ids, oldest first, when the caller read them with the task's lock; read here otherwise. */
  evidenceIds?: string[];
  /** True when the caller already holds the item's sequence lock (`lockDecisionContext` takes it). */
  itemLocked?: boolean;
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
      sequence: 0,
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
    if (!plan.itemLocked) await lockItemSequence(manager, decision);
    decision.sequence = await insertWithTaskState(manager, decision, taskStateAfter(plan, decision.id));
    await this.emit(manager, task, decision, plan.evidenceIds);
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
      await manager.query(prepared(`UPDATE ${sqlTable(manager, 'qa_review')} SET decision_id = $1 WHERE id = ANY($2::uuid[])`), [decision.id, pending]);
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
      prepared(`INSERT INTO ${sqlTable(manager, 'qa_review')} (id, decision_id, task_id, wilayah, status, sampled_at)
       VALUES ($1, $2, $3, $4, 'pending', $5)`),
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

  private async emit(manager: EntityManager, task: Task, decision: Decision, knownEvidenceIds: string[] | undefined): Promise<void> {
    const evidenceIds = knownEvidenceIds ?? (await evidenceIdsOf(manager, task.id));
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
      evidenceIds,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt.toISOString(),
    });
  }
}

/** What a decision does to its task: its status, outcome and revision rounds, and the history entry. */
interface TaskStateAfter {
  status: string;
  revisionRounds: number;
  actor: string;
  detail: string;
}

function taskStateAfter({ task, verdict, replaces, kind, decidedBy }: DecisionPlan, decisionId: string): TaskStateAfter {
  return {
    status: verdict.outcome === 'revision_requested' ? 'revision_requested' : 'decided',
    revisionRounds: revisionRoundsBefore(task, replaces) + (verdict.outcome === 'revision_requested' ? 1 : 0),
    actor: decidedBy,
    detail: JSON.stringify({ decisionId, kind, outcome: verdict.outcome }),
  };
}

/**
 * Inserts the decision with the next sequence of its item, computed in the INSERT itself (the
 * caller holds the item's lock, taken in an earlier statement so this one's snapshot sees every
 * decision committed before), and moves the task to its new state with its history entry, in one
 * statement: returns the sequence.
 */
async function insertWithTaskState(manager: EntityManager, decision: Decision, task: TaskStateAfter): Promise<number> {
  const table = sqlTable(manager, 'decision');
  // An aggregate without GROUP BY yields one row even for an item's first decision.
  const [{ sequence }]: { sequence: number }[] = await manager.query(
    prepared(`WITH inserted AS (
       INSERT INTO ${table} (id, task_id, sequence, kind, supersedes_decision_id, pemda_code, year, sub_indicator_code, wilayah,
                             outcome, verified_value, reason_code, note, reason, decided_by, decided_at, waiting_since, correctable_until)
       SELECT $1, $2, COALESCE(MAX(item.sequence), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17
         FROM ${table} item
        WHERE item.pemda_code = $5 AND item.year = $6 AND item.sub_indicator_code = $7
       RETURNING sequence),
     updated AS (
       UPDATE ${sqlTable(manager, 'task')}
          SET status = $18, outcome = $9, claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL,
              revision_rounds = $19, updated_at = $15
        WHERE id = $2
       RETURNING id),
     history AS (
       INSERT INTO ${sqlTable(manager, 'task_history')} (task_id, at, kind, actor, detail)
       SELECT id, $15, 'decided', $20, $21 FROM updated)
     SELECT sequence FROM inserted`),
    [
      decision.id,
      decision.taskId,
      decision.kind,
      decision.supersedesDecisionId,
      decision.pemdaCode,
      decision.year,
      decision.subIndicatorCode,
      decision.wilayah,
      decision.outcome,
      decision.verifiedValue,
      decision.reasonCode,
      decision.note,
      decision.reason,
      decision.decidedBy,
      decision.decidedAt,
      decision.waitingSince,
      decision.correctableUntil,
      task.status,
      task.revisionRounds,
      task.actor,
      task.detail,
    ],
  );
  return Number(sequence);
}

async function evidenceIdsOf(manager: EntityManager, taskId: string): Promise<string[]> {
  const evidence = await manager.find(TaskEvidence, { where: { taskId }, order: { submittedAt: 'ASC', evidenceId: 'ASC' } });
  return evidence.map((item) => item.evidenceId);
}

async function pendingReviewsOnTask(manager: EntityManager, taskId: string, decisionId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    prepared(`SELECT id FROM ${sqlTable(manager, 'qa_review')} WHERE task_id = $1 AND status = 'pending' AND decision_id <> $2`),
    [taskId, decisionId],
  );
  return rows.map(({ id }) => id);
}

async function wasConfirmedByQa(manager: EntityManager, decisionId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(prepared(`SELECT 1 FROM ${sqlTable(manager, 'qa_review')} WHERE decision_id = $1 AND status = 'confirmed'`), [decisionId]);
  return rows.length > 0;
}

/**
 * A QA review of a decision that is no longer in force has nothing left to judge (a review that
 * followed the newest decision of its task was moved before this runs).
 */
async function supersedeOlderReviews(manager: EntityManager, decision: Decision): Promise<void> {
  await manager.query(
    prepared(`UPDATE ${sqlTable(manager, 'qa_review')} SET status = 'superseded'
      WHERE status = 'pending' AND decision_id IN (
        SELECT id FROM ${sqlTable(manager, 'decision')}
         WHERE pemda_code = $1 AND year = $2 AND sub_indicator_code = $3 AND sequence < $4)`),
    [decision.pemdaCode, decision.year, decision.subIndicatorCode, decision.sequence],
  );
}
