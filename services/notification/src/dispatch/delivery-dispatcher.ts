import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Subscription } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { DeliveryRepository, type Delivery, type EmailRecipientNow } from '../deliveries/delivery.repository';
import { InboxStream } from '../deliveries/inbox-stream';
import { Notifier, type EmailPayload } from '../deliveries/notifier';
import { ruleFor, type NotificationKind } from '../messages/rules';
import { NotificationConfig } from '../notification-config';
import { WebhookSubscriptionRepository, type WebhookSubscription } from '../webhooks/webhook-subscription.repository';
import { EmailSender, type SendOutcome } from './email-sender';
import { nextAttemptAt, type RetryPolicy } from './retry-backoff';
import { WebhookRefused, WebhookSender } from './webhook-sender';

interface Attempted {
  delivery: Delivery;
  subscription?: WebhookSubscription;
  attemptedAt: Date;
  durationMs: number;
  outcome?: SendOutcome;
  error?: unknown;
}

/**
 * Sends what the delivery outbox holds, never from a Kafka handler: every replica takes the due
 * rows under a lease (SKIP LOCKED at the claim), sends them, records the attempt and reschedules
 * failures with backoff. A crash before the record leaves the rows pending, due again when the
 * lease ends, so an outage delays, never loses (#198).
 * An idle replica sleeps until a new delivery commits (NOTIFY) or the next retry is due, and looks
 * on its own at most every DELIVERY_POLL_INTERVAL_MS (docs/decisions.md #86).
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly policy: RetryPolicy;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;
  private inRound = false;
  /** Set by a notice during a round: the next round starts at once. */
  private wakePending = false;
  private notices?: Subscription;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly notifier: Notifier,
    private readonly email: EmailSender,
    private readonly webhooks: WebhookSender,
    private readonly clock: Clock,
    private readonly config: NotificationConfig,
    private readonly stream: InboxStream,
  ) {
    this.policy = { baseMs: config.DELIVERY_RETRY_BASE_MS, maxMs: config.DELIVERY_RETRY_MAX_MS, maxAttempts: config.DELIVERY_MAX_ATTEMPTS };
  }

  onApplicationBootstrap(): void {
    if (this.config.DELIVERY_POLL_INTERVAL_MS === 0) return;
    this.notices = this.stream.deliveriesWaiting().subscribe(() => this.wake());
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.notices?.unsubscribe();
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * One round: takes every due delivery it can (up to a batch) under a lease, sends them with no
   * transaction open, then records the attempts in one short transaction; returns how many it tried.
   */
  runOnce(): Promise<number> {
    this.running = (async () => {
      const now = this.clock.now();
      const leaseUntil = new Date(now.getTime() + this.config.DELIVERY_LEASE_MS);
      const due = await this.deliveries.claimDue(now, this.config.DELIVERY_BATCH_SIZE, leaseUntil);
      if (due.length === 0) return 0;
      const started = performance.now();
      const subscriptions = new Map<string, WebhookSubscription>();
      let recipientsNow: Map<string, EmailRecipientNow>;
      try {
        for (const delivery of due.filter((candidate) => candidate.channel === 'webhook')) {
          const subscription = await this.subscriptions.find(delivery.recipientKey);
          if (subscription) subscriptions.set(subscription.id, subscription);
        }
        recipientsNow = await this.deliveries.emailRecipientsNow(this.dataSource, due);
      } catch (error) {
        // Nothing was sent: due again at once, not when the lease ends.
        await this.deliveries.releaseLease(due, leaseUntil, now).catch(() => undefined);
        throw error;
      }
      const sent = await Promise.all(
        due.map((delivery) => this.send(delivery, subscriptions.get(delivery.recipientKey), recipientsNow.get(delivery.id))),
      );
      if (performance.now() - started >= this.config.DELIVERY_LEASE_MS) {
        this.logger.warn(
          `A delivery round of ${due.length} outlasted DELIVERY_LEASE_MS (${this.config.DELIVERY_LEASE_MS} ms): another replica may have sent them too; ` +
            'raise DELIVERY_LEASE_MS or lower DELIVERY_BATCH_SIZE',
        );
      }
      await this.recordRound(sent);
      return due.length;
    })();
    return this.running;
  }

  /**
   * The round's attempts in one short transaction, tried three times: what was sent but never
   * recorded is sent again when the lease ends.
   */
  private async recordRound(sent: readonly Attempted[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.dataSource.transaction(async (tx) => {
          // Deliveries, then subscriptions, each by id: two rounds recording at once take their row
          // locks in one order and cannot deadlock.
          for (const attempted of [...sent].sort((a, b) => a.delivery.id.localeCompare(b.delivery.id))) await this.record(tx, attempted);
          await this.judgeSubscriptions(tx, sent);
        });
        return;
      } catch (error) {
        if (attempt >= RECORD_TRIES) throw error;
        this.logger.warn(`Recording a delivery round failed (try ${attempt} of ${RECORD_TRIES}): ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_DELAY_MS * attempt));
      }
    }
  }

  private wake(): void {
    this.wakePending = true;
    if (!this.inRound) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), delayMs);
  }

  private async round(): Promise<void> {
    this.inRound = true;
    this.wakePending = false;
    const started = this.clock.now();
    let delayMs: number;
    try {
      const count = await this.runOnce();
      // A full batch means more is waiting: go again at once.
      delayMs = count >= this.config.DELIVERY_BATCH_SIZE ? 0 : await this.untilNextDue(started);
    } catch (error) {
      this.logger.error(`Delivery round failed: ${String(error)}`);
      // As often as before while the database fails, not once per look.
      delayMs = Math.min(1000, this.config.DELIVERY_POLL_INTERVAL_MS);
    } finally {
      this.inRound = false;
    }
    this.schedule(this.wakePending ? 0 : delayMs);
  }

  /**
   * How long to sleep after a round that began at `started`: until the earliest retry the round
   * could not take yet, which may be due already (a retry of a few hundred ms set during a slow
   * round). What was due at `started` and is still pending was left on purpose (another replica's
   * lock, a disabled webhook) and is not waited for, or it would keep the dispatcher awake.
   */
  private async untilNextDue(started: Date): Promise<number> {
    const longest = this.config.DELIVERY_POLL_INTERVAL_MS;
    const next = await this.deliveries.nextDueAfter(started);
    // Not less than 20 ms: a clock that stands still (tests) must not turn this into a busy loop.
    return next ? Math.min(longest, Math.max(20, next.getTime() - this.clock.now().getTime())) : longest;
  }

  private async send(delivery: Delivery, subscription: WebhookSubscription | undefined, recipientNow: EmailRecipientNow | undefined): Promise<Attempted> {
    const attemptedAt = this.clock.now();
    const started = performance.now();
    try {
      if (delivery.channel === 'webhook' && !subscription) throw new Error('Langganan webhook sudah tidak ada');
      const outcome = subscription
        ? await this.webhooks.send(delivery, subscription)
        : await this.email.send(addressedNow(timelyAt(delivery, attemptedAt), recipientNow));
      return { delivery, subscription, attemptedAt, durationMs: Math.round(performance.now() - started), outcome };
    } catch (error) {
      return { delivery, subscription, attemptedAt, durationMs: Math.round(performance.now() - started), error };
    }
  }

  private async record(tx: EntityManager, { delivery, attemptedAt, durationMs, outcome, error }: Attempted): Promise<void> {
    const attempt = delivery.attempts + 1;
    if (!error) {
      await this.deliveries.recordAttempt(tx, delivery, { attempt, attemptedAt, durationMs, succeeded: true, statusCode: outcome?.statusCode ?? null, error: null }, { status: 'sent', nextAttemptAt: null });
      return;
    }
    // Not sent on purpose: nothing to retry.
    const retryAt = error instanceof NotSent ? null : nextAttemptAt(this.policy, attempt, this.clock.now());
    const statusCode = error instanceof WebhookRefused ? error.statusCode : null;
    const message = error instanceof Error ? error.message : String(error);
    await this.deliveries.recordAttempt(tx, delivery, { attempt, attemptedAt, durationMs, succeeded: false, statusCode, error: message }, { status: retryAt ? 'pending' : 'failed', nextAttemptAt: retryAt });
  }

  /**
   * One verdict per webhook subscription per round, not one per delivery: a round sends a
   * receiver's whole backlog at once, so a few seconds of outage would otherwise count every
   * queued delivery and pass WEBHOOK_DISABLE_AFTER_FAILURES in a single round. A receiver that
   * took any of them is up.
   */
  private async judgeSubscriptions(tx: EntityManager, sent: readonly Attempted[]): Promise<void> {
    const verdicts = new Map<string, { subscription: WebhookSubscription; succeeded: boolean }>();
    for (const { subscription, error } of sent) {
      if (!subscription) continue;
      const succeeded = (verdicts.get(subscription.id)?.succeeded ?? false) || !error;
      verdicts.set(subscription.id, { subscription, succeeded });
    }
    for (const { subscription, succeeded } of [...verdicts.values()].sort((a, b) => a.subscription.id.localeCompare(b.subscription.id))) {
      if (succeeded) await this.subscriptions.recordSuccess(tx, subscription.id);
      else await this.countWebhookFailure(tx, subscription.id, subscription.url);
    }
  }

  private async countWebhookFailure(tx: EntityManager, subscriptionId: string, url: string): Promise<void> {
    const now = this.clock.now();
    const { disabled, failures } = await this.subscriptions.recordFailure(tx, subscriptionId, this.config.WEBHOOK_DISABLE_AFTER_FAILURES, now);
    if (!disabled) return;
    this.logger.warn(`Webhook ${subscriptionId} (${url}) disabled after ${failures} failures in a row`);
    await this.notifier.notify(tx, randomUUID(), { kind: 'webhook.disabled', webhookUrl: url, failures, occurredAt: now.toISOString() });
  }
}

const RECORD_TRIES = 3;
const RECORD_RETRY_DELAY_MS = 1000;

/** The roles told of a Pemda they do not belong to (a verifier of its task, QA of its wilayah, admins). */
const KPK_STAFF = new Set(['verifier', 'qa', 'admin']);

/** A delivery left unsent on purpose (its recipient changed since it was queued): failed at once, never retried. */
export class NotSent extends Error {}

/**
 * An e-mail delivery as its recipient stands now: to their current address, or refused when they
 * were deactivated, moved to another Pemda or wilayah, no longer hold a role the notice is for, or
 * switched this kind off since it was queued (a mandatory notice still goes to an active recipient
 * of the Pemda).
 */
export function addressedNow(delivery: Delivery, recipientNow: EmailRecipientNow | undefined): Delivery {
  if (delivery.channel !== 'email') return delivery;
  const payload = delivery.payload as EmailPayload;
  if (!recipientNow?.active) throw new NotSent('Tidak dikirim: penerima sudah tidak aktif (recipient no longer active)');
  // KPK staff are told of any Pemda; anyone else only of their own (an operator who left, or moved).
  const ofThatPemda = recipientNow.pemdaCode === delivery.pemdaCode || (recipientNow.pemdaCode === null && KPK_STAFF.has(recipientNow.role ?? ''));
  if (delivery.pemdaCode !== null && !ofThatPemda) {
    throw new NotSent(
      recipientNow.pemdaCode
        ? `Tidak dikirim: penerima kini tercatat di Pemda ${recipientNow.pemdaCode} (recipient moved to another Pemda)`
        : `Tidak dikirim: penerima tidak lagi tercatat di Pemda ${delivery.pemdaCode} (recipient left the Pemda)`,
    );
  }
  // Chosen by role (and wilayah) when queued: a QA reviewer made a verifier must not learn which
  // decisions were sampled, nor an admin made a verifier read the admins' notices.
  const audience = ruleFor(delivery.kind as NotificationKind).audience;
  if (audience.scope !== 'person' && !audience.roles.some((role) => role === recipientNow.role)) {
    throw new NotSent(`Tidak dikirim: penerima kini berperan ${recipientNow.role ?? '-'} (recipient's role changed)`);
  }
  if (audience.scope === 'wilayah' && recipientNow.wilayah !== payload.facts.wilayah) {
    throw new NotSent(`Tidak dikirim: penerima kini di wilayah ${recipientNow.wilayah ?? '-'} (recipient moved to another wilayah)`);
  }
  if (!payload.mandatory && recipientNow.unsubscribed) throw new NotSent('Tidak dikirim: penerima berhenti berlangganan jenis ini (recipient unsubscribed)');
  if (!recipientNow.email) throw new NotSent('Tidak dikirim: penerima tidak lagi punya alamat e-mail (no e-mail address on file)');
  return recipientNow.email === payload.to ? delivery : { ...delivery, payload: { ...payload, to: recipientNow.email } };
}

/** Notices that warn of a moment (their facts' `occurredAt`): a lease's end, the upload deadline. */
const WARNS_OF_A_MOMENT = new Set(['task.lease_expiring', 'deadline.reminder']);

/**
 * A warning of a moment that has passed is not sent: after an SMTP outage, "your hold ends at
 * 10.00" at 13.00 or an H-1 reminder after the deadline only misleads.
 */
export function timelyAt(delivery: Delivery, now: Date): Delivery {
  if (delivery.channel !== 'email' || !WARNS_OF_A_MOMENT.has(delivery.kind)) return delivery;
  const moment = Date.parse((delivery.payload as EmailPayload).facts.occurredAt);
  if (moment <= now.getTime()) throw new NotSent('Tidak dikirim: saat yang diperingatkan sudah lewat (the moment it warns of has passed)');
  return delivery;
}
