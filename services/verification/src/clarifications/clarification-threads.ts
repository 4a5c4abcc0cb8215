import { auditTrail } from '@mcp/audit-trail';
import { assertCanActForPemda, assertMayOpenEvidence, type AuthPrincipal, type Wilayah } from '@mcp/auth';
import { ClarificationMessagePosted } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { DomainError } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue-settings/queue-settings';
import { PemdaOperatorAssignments } from '../operator-assignments/pemda-operator-assignments';
import { VerifierScopes } from '../routing/verifier-scopes';
import { assertHoldsLiveClaim, isLiveClaim } from '../task-records/live-claim';
import { assertSubIndicatorNotRemoved } from '../task-records/sub-indicator-removed';
import { findTask, lockTask } from '../task-records/task-lookup';
import type { Task } from '../task-records/task.entity';
import { taskSubjectOf } from '../task-records/task-subject';
import { ClosedYears } from '../years/closed-years';
import { assertAttachmentOfTask } from './clarification-attachment-items';
import {
  clockOf,
  insertMessage,
  lastVerifierAuthor,
  messageByIdempotencyKey,
  messagesOf,
  pauseClock,
  resumeClock,
  THREAD_OPEN_STATUSES,
  threadsOfPemda,
  type AuthorSide,
  type ClarificationMessage,
} from './clarification-message.repository';
import {
  toMessageView,
  toThreadSummaryView,
  toThreadView,
  type ClarificationMessageView,
  type ClarificationThreadSummaryView,
  type ClarificationThreadView,
} from './clarification.view';
import type { PostClarificationDto } from './post-clarification.dto';

/** A posted message, and whether an earlier send with the same Idempotency-Key made it (a replay). */
export interface PostedClarification {
  message: ClarificationMessageView;
  replayed: boolean;
}

/**
 * The clarification thread of a task (issue 15): the verifier holding the task asks, the Pemda's
 * users answer, both read the whole thread beside the evidence. Every message is announced
 * (mcp.clarification.message-posted.v1, notification tells the other side) and audited with its
 * text; a closed year leaves the thread read-only. A verifier's question may stop the task's clock
 * until the Pemda's next message (docs/decisions.md #66).
 */
@Injectable()
export class ClarificationThreads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly scopes: VerifierScopes,
    private readonly operatorAssignments: PemdaOperatorAssignments,
    private readonly closedYears: ClosedYears,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueSettings,
  ) {}

  async read(principal: AuthPrincipal, taskId: string): Promise<ClarificationThreadView> {
    const manager = this.dataSource.manager;
    const task = await findTask(manager, taskId);
    await this.assertMayRead(principal, task, manager);
    const [messages, clock, yearClosed] = await Promise.all([
      messagesOf(manager, task.id),
      clockOf(manager, task, this.clock.now()),
      this.closedYears.isClosed(manager, task.year),
    ]);
    const readOnly = yearClosed || !isThreadOpenStatus(task.status);
    return toThreadView(task, messages, clock, { viewer: principal, readOnly, submissionsPublicUrl: this.settings.submissionsPublicUrl });
  }

  /**
   * The Pemda's threads, for its own page: which questions wait for an answer. Its own users and
   * admins; a verifier reaches a thread through the task they hold.
   */
  async listForPemda(principal: AuthPrincipal, pemdaCode: string, year: number | undefined): Promise<ClarificationThreadSummaryView[]> {
    assertCanActForPemda(principal, pemdaCode);
    return (await threadsOfPemda(this.dataSource.manager, pemdaCode, year)).map(toThreadSummaryView);
  }

  /**
   * With an `Idempotency-Key`, a send retried after its answer was lost gets the message the first
   * made, and nothing is posted, announced or audited twice (#201). Retries on one task wait on its
   * lock and then find the first; the same key for another message (another task, text, file or
   * pause) is refused.
   */
  async post(principal: AuthPrincipal, taskId: string, input: PostClarificationDto, idempotencyKey?: string): Promise<PostedClarification> {
    try {
      return await this.postOnce(principal, taskId, input, idempotencyKey);
    } catch (error) {
      if (isIdempotencyKeyTaken(error)) throw keyUsedElsewhere();
      throw error;
    }
  }

  private postOnce(principal: AuthPrincipal, taskId: string, asSent: PostClarificationDto, idempotencyKey: string | undefined): Promise<PostedClarification> {
    // A uuid is one id however it is cased; Postgres hands it back in lower case, so a retry that
    // sent it upper-cased must still be the same message, and the event and audit name it as stored.
    const input = { ...asSent, attachmentId: asSent.attachmentId?.toLowerCase() };
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const task = await lockTask(manager, taskId);
      // Whoever may not even read the thread is refused first: a closed year or a key refusal
      // answered before it would tell an outsider about a task that is none of theirs (#222).
      await this.assertMayRead(principal, task, manager);
      if (idempotencyKey) {
        const earlier = await messageByIdempotencyKey(manager, principal.subject, idempotencyKey);
        if (earlier && !isSameMessage(earlier, task.id, input)) throw keyUsedElsewhere();
        if (earlier) return { message: toMessageView(earlier, principal, this.settings.submissionsPublicUrl), replayed: true };
      }
      await this.assertThreadOpen(manager, task);
      const side = await this.sideOf(principal, task, now, manager);
      assertTaskUnfinished(task);
      if (input.attachmentId) await assertAttachmentOfTask(manager, input.attachmentId, task);
      const pausesClock = input.pausesClock === true;
      if (pausesClock && side !== 'verifier') {
        throw new DomainError(
          'unprocessable',
          'PAUSE_ONLY_BY_VERIFIER',
          'Hanya pertanyaan verifikator yang dapat menjeda penghitungan waktu tugas (only a verifier’s question pauses the clock)',
        );
      }
      const message: ClarificationMessage = {
        id: randomUUID(),
        taskId: task.id,
        authorSide: side,
        author: principal.subject,
        authorRoles: [...principal.roles],
        body: input.body.trim(),
        attachmentId: input.attachmentId ?? null,
        pausesClock,
        postedAt: now,
      };
      // Whom the Pemda's side reaches: the holder of a live claim, else the verifier who wrote last.
      const verifier = isLiveClaim(task, now) ? task.claimedBy : side === 'verifier' ? principal.subject : await lastVerifierAuthor(manager, task.id);
      await insertMessage(manager, message, idempotencyKey);
      const clockStopped = pausesClock && (await pauseClock(manager, task, message.id, now));
      const clockResumed = side === 'pemda' && (await resumeClock(manager, task.id, message.id, now));
      await this.outbox.enqueue(manager, ClarificationMessagePosted, {
        messageId: message.id,
        ...taskSubjectOf(task),
        authorSide: side,
        author: principal.subject,
        verifier,
        pausesClock: clockStopped,
        clockResumed,
        attachmentId: message.attachmentId,
        postedAt: now.toISOString(),
      });
      // The thread is part of the trail: its text too, so a changed or deleted message shows.
      await auditTrail.append(manager, {
        actor: principal,
        action: 'clarification.posted',
        pemdaCode: task.pemdaCode,
        year: task.year,
        subIndicatorCode: task.subIndicatorCode,
        ids: { taskId: task.id, messageId: message.id, ...(message.attachmentId ? { attachmentId: message.attachmentId } : {}) },
        details: { authorSide: side, body: message.body, pausesClock: clockStopped, clockResumed },
        occurredAt: now,
      });
      return { message: toMessageView(message, principal, this.settings.submissionsPublicUrl), replayed: false };
    });
  }

  /** The holder of a live claim speaks for KPK; the Pemda's own users (or an admin for them) answer, an OPD operator within their assignment. */
  private async sideOf(principal: AuthPrincipal, task: Task, now: Date, manager: EntityManager): Promise<AuthorSide> {
    if (principal.roles.includes('verifier')) {
      await this.scopes.assertActsFor(principal, task.wilayah, manager);
      assertSubIndicatorNotRemoved(task);
      assertHoldsLiveClaim(task, principal.subject, now);
      return 'verifier';
    }
    assertCanActForPemda(principal, task.pemdaCode);
    // An OPD operator answers only on items of their assignment, as they upload only there (#137).
    await this.operatorAssignments.assertMayWorkOn(principal, task, manager);
    return 'pemda';
  }

  private async assertThreadOpen(manager: EntityManager, task: Task): Promise<void> {
    if (await this.closedYears.isClosed(manager, task.year)) {
      throw new DomainError(
        'conflict',
        'YEAR_CLOSED',
        `Tahun ${task.year} sudah ditutup; utas klarifikasi tugas ini hanya dapat dibaca (year ${task.year} is closed: the thread is read-only)`,
      );
    }
  }

  /** Whoever may open the task's evidence reads its thread (libs/auth `assertMayOpenEvidence`). */
  private async assertMayRead(principal: AuthPrincipal, task: Task, manager: EntityManager): Promise<void> {
    const effective = await this.scopes.effective(principal, manager);
    assertMayOpenEvidence(effective, { code: task.pemdaCode, wilayah: task.wilayah as Wilayah });
  }
}

const FINISHED_AS: Partial<Record<Task['status'], string>> = { decided: 'diputuskan', cancelled: 'dibatalkan', year_closed: 'ditutup bersama tahunnya' };

const isThreadOpenStatus = (status: Task['status']) => (THREAD_OPEN_STATUSES as readonly string[]).includes(status);

/** A decided, cancelled or year-closed task's thread is a record: the decision has spoken. */
function assertTaskUnfinished(task: Task): void {
  if (!isThreadOpenStatus(task.status)) {
    throw new DomainError(
      'conflict',
      'THREAD_CLOSED',
      `Tugas ini sudah ${FINISHED_AS[task.status] ?? 'selesai'}; utas klarifikasinya hanya dapat dibaca (the task is ${task.status}: the thread is read-only)`,
    );
  }
}

/** A retry sends what the first send did; the message stored the body trimmed and the pause as asked. */
function isSameMessage(earlier: ClarificationMessage, taskId: string, input: PostClarificationDto): boolean {
  return (
    earlier.taskId === taskId &&
    earlier.body === input.body.trim() &&
    earlier.attachmentId === (input.attachmentId ?? null) &&
    earlier.pausesClock === (input.pausesClock === true)
  );
}

function keyUsedElsewhere(): DomainError {
  return new DomainError(
    'unprocessable',
    'IDEMPOTENCY_KEY_REUSED',
    'Idempotency-Key ini sudah dipakai untuk pesan lain (tugas, isi atau lampiran berbeda); kirim dengan kunci baru (this Idempotency-Key was used for a different message)',
  );
}

/** Another task's message committed first with the same author and key (the unique index). */
function isIdempotencyKeyTaken(error: unknown): boolean {
  const failure = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const details = failure.driverError ?? failure;
  return details.code === '23505' && details.constraint === 'clarification_message_idempotency_key';
}
