import type { AuthPrincipal } from '@mcp/auth';
import { auditTrail, type AuditAction } from '@mcp/audit-trail';
import { EvidenceVerified, QaReviewRequested, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { OutboxWriter, outboxItem } from '@mcp/messaging';
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
    const evidenceIds = plan.evidenceIds ?? (await evidenceIdsOf(manager, task.id));
    const written = await this.write(manager, plan, decision, evidenceIds);
    decision.sequence = written.sequence;
    await this.drawSample(manager, plan, decision, written.followedReviews > 0);
    return { decision };
  }

  /**
   * One statement (docs/decisions.md #114): the decision with the next sequence of its item, the
   * task's new state and history line, the end of a clarification pause still running (#66), mcp.evidence.verified.v1, the QA sample's moves and the
   * audit entry. The sequence is computed in the INSERT (the caller holds the item's lock, taken
   * in an earlier statement, so this one's snapshot sees every decision committed before), and the
   * event and the audit entry take it from there. A review still pending on an earlier decision of
   * this task follows this one (`follow`, docs/decisions.md #45; not for a QA overturn); a pending
   * review of any other decision of the item is superseded: it has nothing left to judge.
   */
  private async write(manager: EntityManager, plan: DecisionPlan, decision: Decision, evidenceIds: string[]): Promise<{ sequence: number; followedReviews: number }> {
    const { task } = plan;
    const after = taskStateAfter(plan, decision.id);
    const follows = plan.kind !== 'qa-overturn';
    const table = sqlTable(manager, 'decision');
    const qaReview = sqlTable(manager, 'qa_review');
    const outbox = this.outbox.statementPart(manager, [outboxItem(EvidenceVerified, evidenceVerifiedOf(task, decision, evidenceIds))], {
      firstParameter: 23,
      from: 'inserted',
      event: (event) => `jsonb_set(${event}, '{data,sequence}', to_jsonb(inserted.sequence))`,
    });
    const audit = auditTrail.appendPart(
      manager,
      { actor: plan.actor, action: auditActionOf[plan.kind], pemdaCode: task.pemdaCode, year: task.year, subIndicatorCode: task.subIndicatorCode, ids: { taskId: task.id, decisionId: decision.id }, details: { outcome: decision.outcome, verifiedValue: decision.verifiedValue, replaces: plan.replaces?.id ?? null }, occurredAt: plan.now },
      { firstParameter: 23 + outbox.parameters.length, details: (details) => `${details}::jsonb || jsonb_build_object('sequence', inserted.sequence)` },
    );
    // An aggregate without GROUP BY yields one row even for an item's first decision. The SELECT
    // CTEs run because the outer query reads them.
    const statement: Promise<{ sequence: number; followed: number }[]> = manager.query(
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
         SELECT id, $15, 'decided', $20, $21 FROM updated),
       resumed AS (
         UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $15 WHERE task_id = $2 AND resumed_at IS NULL),
       followed AS (
         UPDATE ${qaReview} SET decision_id = $1 WHERE $22 AND task_id = $2 AND status = 'pending'
         RETURNING id),
       superseded AS (
         UPDATE ${qaReview} SET status = 'superseded'
          WHERE status = 'pending' AND NOT ($22 AND task_id = $2)
            AND decision_id IN (SELECT id FROM ${table} WHERE pemda_code = $5 AND year = $6 AND sub_indicator_code = $7)),
       outboxed AS (${outbox.insertSql}),
       notified AS (${outbox.notifySql('outboxed')}),
       audited AS (SELECT ${audit.callSql} FROM inserted)
       SELECT inserted.sequence,
              (SELECT count(*) FROM followed)::int AS followed,
              (SELECT count(*) FROM notified) + (SELECT count(*) FROM audited) AS written
         FROM inserted`),
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
        after.status,
        after.revisionRounds,
        after.actor,
        after.detail,
        follows,
        ...outbox.parameters,
        ...audit.parameters,
      ],
    );
    const [row] = await outbox.settle(statement);
    return { sequence: Number(row.sequence), followedReviews: row.followed };
  }

  /**
   * The rest of the QA sample (docs/decisions.md #45; a review to follow was moved by `write`):
   * a correction of a decision QA confirmed goes back to QA, a decision judged for the first time
   * draws.
   */
  private async drawSample(manager: EntityManager, plan: DecisionPlan, decision: Decision, followedReview: boolean): Promise<void> {
    const step = sampleStepFor({
      kind: plan.kind,
      outcome: decision.outcome,
      replacedOutcome: plan.replaces?.outcome ?? null,
      pendingReviewOnTask: followedReview,
      replacedConfirmedByQa:
        !followedReview && plan.kind === 'correction' && plan.replaces !== null && (await wasConfirmedByQa(manager, plan.replaces.id)),
    });
    if (step === 'requeue' || (step === 'draw' && isSampledForQa(decision.id, this.settings.qaSamplePercent))) {
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
}

/** The event of a decision, checked against its contract with sequence 1: `write` puts in the real one. */
function evidenceVerifiedOf(task: Task, decision: Decision, evidenceIds: string[]): EvidenceVerifiedV1 {
  return {
    decisionId: decision.id,
    taskId: task.id,
    sequence: 1,
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
  };
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

async function evidenceIdsOf(manager: EntityManager, taskId: string): Promise<string[]> {
  const evidence = await manager.find(TaskEvidence, { where: { taskId }, order: { submittedAt: 'ASC', evidenceId: 'ASC' } });
  return evidence.map((item) => item.evidenceId);
}

async function wasConfirmedByQa(manager: EntityManager, decisionId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(prepared(`SELECT 1 FROM ${sqlTable(manager, 'qa_review')} WHERE decision_id = $1 AND status = 'confirmed'`), [decisionId]);
  return rows.length > 0;
}
