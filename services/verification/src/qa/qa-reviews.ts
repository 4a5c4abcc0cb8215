import { auditTrail } from '@mcp/audit-trail';
import type { AuthPrincipal } from '@mcp/auth';
import { OutboxRelay } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DecisionRecorder } from '../decisions/decision-recorder';
import { findDecision, lastSequence, lockItemSequence } from '../decisions/decision.repository';
import { Decision } from '../decisions/decision.entity';
import { RejectionReasons } from '../decisions/rejection-reason.repository';
import { subIndicatorOf } from '../decisions/sub-indicator-of';
import { verdictOf } from '../decisions/verdict';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { VerifierScopes } from '../routing/verifier-scopes';
import { assertNotItemContributor } from '../task-records/item-contributors';
import { lockTask } from '../task-records/task-lookup';
import type { Task } from '../task-records/task.entity';
import { ClosedYears } from '../years/closed-years';
import type { ConfirmReviewDto, OverturnReviewDto } from './qa-review.dto';
import { QA_REVIEW_STATUS_LABELS, QaReview, type QaReviewStatus } from './qa-review.entity';
import { toQaReviewView, type QaReviewView } from './qa-review.view';

interface ReviewContext {
  review: QaReview;
  decision: Decision;
  task: Task;
  now: Date;
}

/**
 * The QA queue: a sample of decisions re-checked by a QA reviewer of the same wilayah who did not
 * take the decision. Confirming records the verdict; overturning records a new decision (higher
 * sequence, kind qa-overturn), whose event makes scoring follow.
 */
@Injectable()
export class QaReviews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly scopes: VerifierScopes,
    private readonly closedYears: ClosedYears,
    private readonly reasons: RejectionReasons,
    private readonly recorder: DecisionRecorder,
    private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(principal: AuthPrincipal, status: QaReviewStatus, limit: number): Promise<QaReviewView[]> {
    const effective = await this.scopes.effective(principal);
    const isAdmin = principal.roles.includes('admin');
    if (!isAdmin && !effective.wilayah) {
      throw new DomainError('forbidden', 'NO_WILAYAH', 'Antrean QA membutuhkan wilayah pada token (the QA queue needs a wilayah scope)');
    }
    const reviews = await this.dataSource.getRepository(QaReview).find({
      where: isAdmin ? { status } : { status, wilayah: effective.wilayah },
      // Pending is a work queue: oldest first, as verification's. Reviews already settled are looked
      // up to see what happened lately: newest first, or the list would stop at last year's.
      order:
        status === 'pending'
          ? { sampledAt: 'ASC', id: 'ASC' }
          : { reviewedAt: { direction: 'DESC', nulls: 'LAST' }, sampledAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    if (reviews.length === 0) return [];
    const decisions = new Map(
      (await this.dataSource.getRepository(Decision).findBy(reviews.map((review) => ({ id: review.decisionId })))).map((d) => [d.id, d]),
    );
    return reviews.map((review) => toQaReviewView(review, decisions.get(review.decisionId) as Decision));
  }

  async confirm(principal: AuthPrincipal, reviewId: string, input: ConfirmReviewDto): Promise<QaReviewView> {
    return this.reviewing(principal, reviewId, async (manager, { review, decision, now }) => {
      await manager.update(QaReview, review.id, { status: 'confirmed', reviewedBy: principal.subject, reviewedAt: now, note: input.note?.trim() || null });
      await auditTrail.append(manager, { actor: principal, action: 'qa.reviewed', pemdaCode: decision.pemdaCode, year: decision.year, subIndicatorCode: decision.subIndicatorCode, ids: { reviewId: review.id, decisionId: decision.id }, details: { verdict: 'confirmed' }, occurredAt: now });
      return decision;
    });
  }

  async overturn(principal: AuthPrincipal, reviewId: string, input: OverturnReviewDto): Promise<QaReviewView> {
    const view = await this.reviewing(principal, reviewId, async (manager, { review, decision, task, now }) => {
      const verdict = verdictOf(input, await subIndicatorOf(this.referenceData, task, manager), await this.reasons.labelsByCode(manager));
      const { decision: overturn } = await this.recorder.record(manager, { task, verdict, kind: 'qa-overturn', decidedBy: principal.subject, actor: principal, replaces: decision, now });
      await manager.update(QaReview, review.id, {
        status: 'overturned',
        reviewedBy: principal.subject,
        reviewedAt: now,
        note: verdict.note,
        overturnDecisionId: overturn.id,
      });
      return decision;
    });
    this.relay.nudge();
    return view;
  }

  /** Checks shared by both verdicts, all before anything is written. */
  private async reviewing(
    principal: AuthPrincipal,
    reviewId: string,
    work: (manager: EntityManager, context: ReviewContext) => Promise<Decision>,
  ): Promise<QaReviewView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const unknown = () => new DomainError('not-found', 'UNKNOWN_QA_REVIEW', `Tinjauan QA ${reviewId} tidak ditemukan (QA review not found)`);
      const found = await manager.findOne(QaReview, { where: { id: reviewId } });
      if (!found) throw unknown();
      // The task, the item, then the review: the order a decision takes them (it moves or supersedes
      // reviews after its item lock), so a verdict and a decision on the same item never deadlock.
      const task = await lockTask(manager, found.taskId);
      await lockItemSequence(manager, task);
      const review = await manager.findOne(QaReview, { where: { id: reviewId }, lock: { mode: 'pessimistic_write' } });
      if (!review) throw unknown();
      const decision = await findDecision(manager, review.decisionId);
      await this.scopes.assertActsFor(principal, review.wilayah, manager);
      if (decision.decidedBy === principal.subject) {
        throw new DomainError('forbidden', 'QA_OWN_DECISION', 'Anda tidak boleh meninjau keputusan Anda sendiri; QA dilakukan oleh peninjau lain (you cannot QA your own decision)');
      }
      await assertNotItemContributor(manager, task, principal.subject);
      await this.closedYears.assertOpen(manager, task.year);
      if (review.status !== 'pending') {
        throw new DomainError('conflict', 'QA_ALREADY_REVIEWED', `Tinjauan QA ini sudah ${QA_REVIEW_STATUS_LABELS[review.status]} (already reviewed)`);
      }
      if ((await lastSequence(manager, decision)) !== decision.sequence) {
        throw new DomainError('conflict', 'DECISION_SUPERSEDED', 'Keputusan ini sudah digantikan keputusan yang lebih baru (decision already superseded)');
      }
      // A review that followed a correction to a revision request waits for the task's final
      // decision, which it follows in turn (#45): a verdict now would close it before that decision
      // (a confirmation lets the final one escape the sample; an overturn decides a reopened task).
      if (decision.outcome === 'revision_requested' || task.status !== 'decided') {
        throw new DomainError(
          'conflict',
          'QA_AWAITING_FINAL_DECISION',
          'Keputusan ini meminta revisi dan belum final; tinjauan QA menunggu keputusan akhir atas tugas ini (QA waits for the final decision)',
        );
      }
      await work(manager, { review, decision, task, now });
      const updated = await manager.findOneByOrFail(QaReview, { id: review.id });
      return toQaReviewView(updated, decision);
    });
  }
}
