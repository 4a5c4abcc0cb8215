import { KPK_ADMIN_PSEUDONYM, KPK_VERIFIER_PSEUDONYM, type AuthPrincipal } from '@mcp/auth';
import type {
  ClarificationMessagePostedV1,
  DeadlineExtendedV1,
  EvidenceQuarantinedV1,
  EvidenceVerifiedV1,
  McpEvent,
  QaReviewRequestedV1,
  TaskLeaseExpiringV1,
  TaskReassignedV1,
  YearClosedV1,
} from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Notifier } from '../deliveries/notifier';
import { ReminderRepository } from '../reminders/reminder.repository';
import { WebhookFanOut } from '../webhooks/webhook-fan-out';
import { renderMessage } from '../messages/templates';
import { Notification } from './notification.entity';

@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly notifier: Notifier,
    private readonly webhooks: WebhookFanOut,
    private readonly reminders: ReminderRepository,
  ) {}

  /**
   * Runs inside the inbox transaction of a batch of decision events (docs/decisions.md #95): each
   * step writes the whole batch in one statement, and each decision is told exactly as alone.
   */
  async notifyDecisions(events: readonly McpEvent<EvidenceVerifiedV1>[], manager: EntityManager): Promise<void> {
    if (events.length === 0) return;
    // Named once (the sub-indicator from the year's framework), for the Pemda's shared feed and
    // for each person's notices alike: the feed reads as the inbox and the e-mail do.
    const notices = await this.notifier.named(
      events.map(({ id, data: decision }) => ({
        sourceEventId: id,
        facts: {
          kind: `decision.${decision.outcome}` as const,
          pemdaCode: decision.pemdaCode,
          provinceCode: decision.provinceCode,
          year: decision.year,
          subIndicatorCode: decision.subIndicatorCode,
          verifiedValue: decision.verifiedValue,
          reason: decision.reason,
          occurredAt: decision.decidedAt,
        },
      })),
    );
    await manager.insert(
      Notification,
      events.map(({ id, data: decision }, i) => {
        const message = renderMessage(notices[i].facts, 'id');
        return {
          id: randomUUID(),
          pemdaCode: decision.pemdaCode,
          year: decision.year,
          subIndicatorCode: decision.subIndicatorCode,
          kind: decision.outcome,
          sourceEventId: id,
          title: message.subject,
          body: message.body,
        };
      }),
    );
    await this.notifier.notifyAll(manager, notices);
    // Webhooks leave KPK, many to the audited Pemda's own systems: they learn that a KPK verifier
    // decided, not which person (docs/decisions.md #46). Still schema-valid: decidedBy is any text.
    await this.webhooks.enqueueAll(
      manager,
      events[0].type,
      events.map((event) => ({
        event: { ...event, data: { ...event.data, decidedBy: KPK_VERIFIER_PSEUDONYM } },
        scope: { pemdaCode: event.data.pemdaCode, provinceCode: event.data.provinceCode },
      })),
    );
    await this.reminders.recordDecisions(
      manager,
      events.map(({ data }) => data),
    );
  }

  async notifyYearClosed(event: McpEvent<YearClosedV1>, manager: EntityManager): Promise<void> {
    await this.notifier.notify(manager, event.id, { kind: 'year.closed', year: event.data.year, occurredAt: event.data.closedAt });
    // Every Pemda's system may subscribe to this one: it learns that KPK closed the year, not who (#46).
    await this.webhooks.enqueue(manager, { ...event, data: { ...event.data, closedBy: KPK_ADMIN_PSEUDONYM } }, { national: true });
  }

  /** Tells the Pemda, and its reminders follow the new deadline from the next tick on. */
  async notifyDeadlineExtended(event: McpEvent<DeadlineExtendedV1>, manager: EntityManager): Promise<void> {
    const extension = event.data;
    await this.reminders.recordExtension(manager, extension);
    await this.notifier.notify(manager, event.id, {
      kind: 'deadline.extended',
      pemdaCode: extension.pemdaCode,
      provinceCode: extension.provinceCode,
      year: extension.year,
      reason: extension.reason,
      occurredAt: extension.until,
    }, event.time);
    // Like a decision's verifier, the admin who granted it stays inside KPK (docs/decisions.md #46).
    const forwarded = { ...event, data: { ...extension, grantedBy: KPK_ADMIN_PSEUDONYM } };
    await this.webhooks.enqueue(manager, forwarded, { pemdaCode: extension.pemdaCode, provinceCode: extension.provinceCode });
  }

  /**
   * Both verifiers of a reassignment: the one given the task and the one it was taken from (told
   * once when an admin re-grants a task to its holder); for a task a framework revision cancelled,
   * its holder (#197) and the Pemda's staff (#199); for a claim a changed wilayah mapping released,
   * its holder (#221). Not forwarded to webhooks: it names people.
   */
  async notifyTaskReassigned(event: McpEvent<TaskReassignedV1>, manager: EntityManager): Promise<void> {
    const change = event.data;
    const task = { pemdaCode: change.pemdaCode, provinceCode: change.provinceCode, wilayah: change.wilayah, year: change.year, subIndicatorCode: change.subIndicatorCode, taskId: change.taskId };
    const common = { ...task, actor: change.reassignedBy, occurredAt: change.at };
    if (change.reason === 'sub_indicator_removed') {
      // No admin acted and nobody has the task now: its holder is told why it left their desk, and
      // the Pemda why its upload no longer waits for a verdict (#199).
      if (change.fromVerifier) {
        await this.notifier.notify(manager, event.id, { ...common, kind: 'task.cancelled', userId: change.fromVerifier, frameworkRevision: change.frameworkRevision });
      }
      await this.notifier.notify(manager, event.id, { ...common, kind: 'sub_indicator.removed', frameworkRevision: change.frameworkRevision });
      return;
    }
    if (change.reason === 'wilayah_remapped') {
      // Nobody acted in the platform: the re-seeded wilayah mapping moved the Pemda, and the claim
      // went back to the queue of its new wilayah (the event's). Only the holder has lost anything.
      if (change.fromVerifier) await this.notifier.notify(manager, event.id, { ...common, kind: 'task.rerouted', userId: change.fromVerifier });
      return;
    }
    if (change.toVerifier) {
      await this.notifier.notify(manager, event.id, { ...common, kind: 'task.reassigned_to', userId: change.toVerifier, otherVerifier: change.fromVerifier, leaseExpiresAt: change.leaseExpiresAt });
    }
    if (change.fromVerifier && change.fromVerifier !== change.toVerifier) {
      await this.notifier.notify(manager, event.id, { ...common, kind: 'task.reassigned_from', userId: change.fromVerifier, otherVerifier: change.toVerifier });
    }
  }

  async notifyLeaseExpiring(event: McpEvent<TaskLeaseExpiringV1>, manager: EntityManager): Promise<void> {
    const lease = event.data;
    await this.notifier.notify(manager, event.id, {
      kind: 'task.lease_expiring',
      userId: lease.claimedBy,
      pemdaCode: lease.pemdaCode,
      provinceCode: lease.provinceCode,
      wilayah: lease.wilayah,
      year: lease.year,
      subIndicatorCode: lease.subIndicatorCode,
      taskId: lease.taskId,
      leaseExpiresAt: lease.leaseExpiresAt,
      occurredAt: lease.leaseExpiresAt,
    }, event.time);
  }

  /**
   * QA reviewers of the wilayah only, never the decider (the contract keeps the sample from them,
   * issue 12), and never a webhook.
   */
  async notifyQaReviewRequested(event: McpEvent<QaReviewRequestedV1>, manager: EntityManager): Promise<void> {
    const review = event.data;
    await this.notifier.notify(manager, event.id, {
      kind: 'qa.review_requested',
      actor: review.decidedBy,
      pemdaCode: review.pemdaCode,
      provinceCode: review.provinceCode,
      wilayah: review.wilayah,
      year: review.year,
      subIndicatorCode: review.subIndicatorCode,
      taskId: review.taskId,
      outcome: review.outcome,
      occurredAt: review.sampledAt,
    });
  }

  /** The Pemda's staff, the uploader included; not a webhook (it names the uploader and the file). */
  async notifyEvidenceQuarantined(event: McpEvent<EvidenceQuarantinedV1>, manager: EntityManager): Promise<void> {
    const upload = event.data;
    await this.notifier.notify(manager, event.id, {
      kind: 'evidence.quarantined',
      pemdaCode: upload.pemdaCode,
      provinceCode: upload.provinceCode,
      year: upload.year,
      subIndicatorCode: upload.subIndicatorCode,
      fileName: upload.fileName,
      signatures: upload.signatures,
      occurredAt: upload.detectedAt,
    });
  }

  /**
   * The other side of a clarification thread: a verifier's message tells the Pemda's staff (as
   * "Verifikator KPK"), a Pemda's message the verifier the event names. Not a webhook: it is
   * confidential by its contract (it names the verifier).
   */
  async notifyClarification(event: McpEvent<ClarificationMessagePostedV1>, manager: EntityManager): Promise<void> {
    const message = event.data;
    if (message.authorSide === 'pemda' && !message.verifier) return;
    await this.notifier.notify(manager, event.id, {
      kind: message.authorSide === 'verifier' ? 'clarification.question' : 'clarification.answer',
      // The verifier's subject stays out of what the Pemda's deliveries store (docs/decisions.md #46).
      ...(message.authorSide === 'pemda' ? { userId: message.verifier ?? undefined, actor: message.author } : {}),
      pemdaCode: message.pemdaCode,
      provinceCode: message.provinceCode,
      wilayah: message.wilayah,
      year: message.year,
      subIndicatorCode: message.subIndicatorCode,
      taskId: message.taskId,
      pausesClock: message.pausesClock,
      clockResumed: message.clockResumed,
      hasAttachment: message.attachmentId !== null,
      occurredAt: message.postedAt,
    });
  }

  /** A Pemda user sees their Pemda's notifications; an admin may look at any Pemda's. */
  listFor(principal: AuthPrincipal, pemdaCode?: string): Promise<Notification[]> {
    const scope = principal.roles.includes('admin') ? pemdaCode : principal.pemdaCode;
    if (!scope) return Promise.resolve([]);
    return this.notifications.find({
      where: { pemdaCode: scope },
      order: { createdAt: 'DESC' },
      take: 200,
    });
  }
}
