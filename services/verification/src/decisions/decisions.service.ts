import type { AuthPrincipal } from '@mcp/auth';
import { OutboxRelay } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue-settings/queue-settings';
import { assertActsForWithOverride, VerifierScopes } from '../routing/verifier-scopes';
import { assertNotContributed, assertNotItemContributor } from '../task-records/item-contributors';
import { assertHoldsLiveClaim } from '../task-records/live-claim';
import { lockTask } from '../task-records/task-lookup';
import { assertSubIndicatorNotRemoved } from '../task-records/sub-indicator-removed';
import { ACTIVE_TASK_STATUSES, Task, TASK_STATUS_LABELS } from '../task-records/task.entity';
import { assertYearOpen, ClosedYears } from '../years/closed-years';
import type { CorrectDecisionDto, DecideTaskDto, DecisionInputDto } from './decide-task.dto';
import { lockDecisionContext } from './decision-context';
import type { DecisionReceipt } from './decision-receipt.view';
import { DecisionRecorder, type RecordedDecision } from './decision-recorder';
import { findDecision, lastSequence } from './decision.repository';
import { assertCorrectable, assertEvidenceSeen, assertRevisionRoundLeft, revisionRoundsBefore } from './decision-rules';
import { Decision } from './decision.entity';
import { RejectionReasons } from './rejection-reason.repository';
import { subIndicatorOf } from './sub-indicator-of';
import { verdictOf, type Verdict } from './verdict';

/**
 * A verifier's decisions: the first one on a claimed task, and corrections of their own within
 * the period. Every check runs before anything is written, so a refusal changes nothing.
 */
@Injectable()
export class DecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly scopes: VerifierScopes,
    private readonly closedYears: ClosedYears,
    private readonly reasons: RejectionReasons,
    private readonly recorder: DecisionRecorder,
    private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueSettings,
  ) {}

  async decide(principal: AuthPrincipal, taskId: string, input: DecideTaskDto): Promise<DecisionReceipt> {
    return this.committing(async (manager, now) => {
      // One statement reads what the checks below need, in the order they refuse (docs/decisions.md #90).
      const { task, overrideWilayah, yearClosedAt, callerContributed, evidenceIds } = await lockDecisionContext(manager, taskId, principal.subject);
      assertActsForWithOverride(principal, task.wilayah, overrideWilayah);
      assertYearOpen(task.year, yearClosedAt);
      assertSubIndicatorNotRemoved(task);
      try {
        assertHoldsLiveClaim(task, principal.subject, now);
      } catch (notHolder) {
        throw (await decidedByCaller(manager, task, principal.subject)) ?? notHolder;
      }
      assertNotContributed(task, callerContributed);
      assertEvidenceSeen(task, input.evidenceChangedAt);
      const verdict = await this.verdict(manager, task, input, null);
      return this.recorder.record(manager, { task, verdict, kind: 'first', decidedBy: principal.subject, actor: principal, replaces: null, now, evidenceIds, itemLocked: true });
    });
  }

  async correct(principal: AuthPrincipal, decisionId: string, input: CorrectDecisionDto): Promise<DecisionReceipt> {
    return this.committing(async (manager, now) => {
      const original = await findDecision(manager, decisionId);
      const task = await lockTask(manager, original.taskId);
      await this.scopes.assertActsFor(principal, task.wilayah, manager);
      await this.closedYears.assertOpen(manager, task.year);
      assertSubIndicatorNotRemoved(task);
      assertCorrectable(original, await lastSequence(manager, task), principal.subject, now);
      await assertNotItemContributor(manager, task, principal.subject);
      if (task.status !== 'decided' && task.status !== 'revision_requested') {
        throw new DomainError('conflict', 'TASK_REOPENED', `Tugas ini sudah dibuka kembali oleh unggahan baru (kini ${TASK_STATUS_LABELS[task.status]}); putuskan tugas itu (the task was reopened)`);
      }
      const verdict = await this.verdict(manager, task, input, original);
      if (verdict.outcome === 'revision_requested') await assertNoOtherActiveTask(manager, task);
      return this.recorder.record(manager, { task, verdict, kind: 'correction', decidedBy: principal.subject, actor: principal, replaces: original, now });
    });
  }

  async mine(principal: AuthPrincipal, limit: number, before: Date | undefined): Promise<Decision[]> {
    const query = this.dataSource
      .getRepository(Decision)
      .createQueryBuilder('decision')
      .where('decision.decidedBy = :subject', { subject: principal.subject })
      .orderBy('decision.decidedAt', 'DESC')
      .addOrderBy('decision.sequence', 'DESC')
      .limit(limit);
    if (before) query.andWhere('decision.decidedAt < :before', { before });
    return query.getMany();
  }

  private async verdict(manager: EntityManager, task: Task, input: DecisionInputDto, replaces: Decision | null): Promise<Verdict> {
    // Only a rejection names a reason from the list; approvals and revision requests skip the read.
    const reasonLabels = input.outcome === 'rejected' ? await this.reasons.labelsByCode(manager) : new Map<string, string>();
    const verdict = verdictOf(input, await subIndicatorOf(this.referenceData, task, manager), reasonLabels);
    assertRevisionRoundLeft(revisionRoundsBefore(task, replaces), verdict, this.settings.maxRevisionRounds);
    return verdict;
  }

  private async committing(work: (manager: EntityManager, now: Date) => Promise<RecordedDecision>): Promise<DecisionReceipt> {
    const now = this.clock.now();
    const { decision } = await this.dataSource.transaction((manager) => work(manager, now));
    this.relay.nudge();
    return { decisionId: decision.id, sequence: decision.sequence, kind: decision.kind };
  }
}

/** Sending a decided task back for revision must not give its item two active tasks. */
async function assertNoOtherActiveTask(manager: EntityManager, task: Task): Promise<void> {
  const other = await manager
    .createQueryBuilder(Task, 'task')
    .where('task.pemdaCode = :pemdaCode AND task.year = :year AND task.subIndicatorCode = :code', {
      pemdaCode: task.pemdaCode,
      year: task.year,
      code: task.subIndicatorCode,
    })
    .andWhere('task.id <> :id', { id: task.id })
    .andWhere('task.status IN (:...statuses)', { statuses: ACTIVE_TASK_STATUSES })
    .getExists();
  if (other) {
    throw new DomainError('conflict', 'NEWER_UPLOAD_IN_QUEUE', 'Sudah ada unggahan baru untuk item ini di antrean; putuskan tugas baru itu (a newer upload is already queued)');
  }
}

/**
 * A verifier whose answer was lost on a weak line sends the same decision again: the task is no
 * longer theirs because they decided it. Told so, with the decision, rather than NOT_CLAIM_HOLDER,
 * whose advice (ask an admin to reassign it) would fail. Read only on this refusal path.
 */
async function decidedByCaller(manager: EntityManager, task: Task, subject: string): Promise<DomainError | undefined> {
  if (task.status !== 'decided' && task.status !== 'revision_requested') return undefined;
  const [latest]: { id: string; decidedBy: string }[] = await manager.query(
    `SELECT id, decided_by AS "decidedBy" FROM ${sqlTable(manager, 'decision')} WHERE task_id = $1 ORDER BY sequence DESC LIMIT 1`,
    [task.id],
  );
  if (latest?.decidedBy !== subject) return undefined;
  return new DomainError(
    'conflict',
    'TASK_ALREADY_DECIDED',
    `Tugas ini sudah Anda putuskan (keputusan ${latest.id}); lihat di GET /v1/my/decisions, dan bila perlu koreksi lewat POST /v1/decisions/${latest.id}/correction (you already decided this task)`,
    { decisionId: latest.id },
  );
}

