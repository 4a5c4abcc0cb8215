import { Subject } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { Delivery, DeliveryAttempt, DeliveryRepository } from '../deliveries/delivery.repository';
import type { InboxStream } from '../deliveries/inbox-stream';
import type { Notifier } from '../deliveries/notifier';
import type { NotificationConfig } from '../notification-config';
import type { WebhookSubscription, WebhookSubscriptionRepository } from '../webhooks/webhook-subscription.repository';
import { addressedNow, DeliveryDispatcher, NotSent, timelyAt } from './delivery-dispatcher';
import type { EmailSender } from './email-sender';
import { WebhookRefused, type WebhookSender } from './webhook-sender';

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 200) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function dispatcherWith(nextDue: () => Date | null) {
  let rounds = 0;
  const notices = new Subject<void>();
  const deliveries = {
    claimDue: async () => ((rounds += 1), []),
    emailRecipientsNow: async () => new Map(),
    nextDueAfter: async () => nextDue(),
  } as unknown as DeliveryRepository;
  const dataSource = { transaction: (work: (tx: unknown) => Promise<unknown>) => work({ query: async () => [] }) } as unknown as DataSource;
  const config = { DELIVERY_POLL_INTERVAL_MS: 60_000, DELIVERY_BATCH_SIZE: 10, DELIVERY_RETRY_BASE_MS: 1000, DELIVERY_RETRY_MAX_MS: 60_000, DELIVERY_MAX_ATTEMPTS: 3 } as NotificationConfig;
  const stream = { deliveriesWaiting: () => notices.asObservable() } as unknown as InboxStream;
  const dispatcher = new DeliveryDispatcher(
    dataSource,
    deliveries,
    {} as WebhookSubscriptionRepository,
    {} as Notifier,
    {} as EmailSender,
    {} as WebhookSender,
    { now: () => new Date() } as Clock,
    config,
    stream,
  );
  return { dispatcher, notices, rounds: () => rounds };
}

describe('DeliveryDispatcher', () => {
  it('looks once at start, then sleeps until a delivery is committed instead of polling', async () => {
    const { dispatcher, notices, rounds } = dispatcherWith(() => null);
    dispatcher.onApplicationBootstrap();
    try {
      await until(() => rounds() === 1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(rounds()).toBe(1);
      notices.next();
      await until(() => rounds() === 2);
    } finally {
      await dispatcher.onApplicationShutdown();
    }
  });

  it('goes again soon for a retry that fell due while the round ran', async () => {
    const { dispatcher, rounds } = dispatcherWith(() => new Date(Date.now() - 10));
    dispatcher.onApplicationBootstrap();
    try {
      await until(() => rounds() >= 3);
    } finally {
      await dispatcher.onApplicationShutdown();
    }
  });

  it('wakes when the next retry is due', async () => {
    const { dispatcher, rounds } = dispatcherWith(() => new Date(Date.now() + 40));
    dispatcher.onApplicationBootstrap();
    try {
      await until(() => rounds() >= 3);
    } finally {
      await dispatcher.onApplicationShutdown();
    }
  });
});

describe('DeliveryDispatcher and a failing webhook receiver', () => {
  const subscription = { id: 'c0ffee00-0000-4000-8000-000000000001', url: 'https://dasbor.contoh.go.id/mcp' } as WebhookSubscription;

  /** One round over `count` deliveries to one subscription; `answers(i)` is the receiver's status for the i-th. */
  async function roundOf(count: number, answers: (index: number) => number) {
    const attempts: DeliveryAttempt[] = [];
    const verdicts: string[] = [];
    let inTransaction = false;
    let sentInTransaction = 0;
    let claimedUntil: Date | undefined;
    const due = Array.from({ length: count }, (_, index) => ({ id: `d${index}`, channel: 'webhook', recipientKey: subscription.id, attempts: 0 }) as Delivery);
    const deliveries = {
      claimDue: async (_now: Date, _limit: number, leaseUntil: Date) => ((claimedUntil = leaseUntil), due),
      emailRecipientsNow: async () => new Map(),
      recordAttempt: async (_tx: unknown, _delivery: Delivery, attempt: DeliveryAttempt) => void attempts.push(attempt),
    } as unknown as DeliveryRepository;
    const subscriptions = {
      find: async () => subscription,
      recordSuccess: async () => void verdicts.push('success'),
      recordFailure: async () => (verdicts.push('failure'), { disabled: false, failures: 1 }),
    } as unknown as WebhookSubscriptionRepository;
    const webhooks = {
      send: async (delivery: Delivery) => {
        if (inTransaction) sentInTransaction += 1;
        const status = answers(due.indexOf(delivery));
        if (status >= 300) throw new WebhookRefused(status);
        return { statusCode: status };
      },
    } as unknown as WebhookSender;
    const config = { DELIVERY_POLL_INTERVAL_MS: 60_000, DELIVERY_BATCH_SIZE: 50, DELIVERY_RETRY_BASE_MS: 1000, DELIVERY_RETRY_MAX_MS: 60_000, DELIVERY_MAX_ATTEMPTS: 3, DELIVERY_LEASE_MS: 600_000, WEBHOOK_DISABLE_AFTER_FAILURES: 20 } as NotificationConfig;
    const transaction = async (work: (tx: unknown) => Promise<unknown>) => {
      inTransaction = true;
      try {
        return await work({ query: async () => [] });
      } finally {
        inTransaction = false;
      }
    };
    const dispatcher = new DeliveryDispatcher(
      { transaction } as unknown as DataSource,
      deliveries,
      subscriptions,
      {} as Notifier,
      {} as EmailSender,
      webhooks,
      { now: () => new Date('2025-11-01T00:00:00Z') } as Clock,
      config,
      {} as InboxStream,
    );
    await dispatcher.runOnce();
    return { attempts, verdicts, sentInTransaction, claimedUntil };
  }

  it('counts one failure for a round in which all 25 deliveries to the receiver failed, and keeps every attempt', async () => {
    const { attempts, verdicts } = await roundOf(25, () => 503);

    expect(attempts).toHaveLength(25);
    expect(attempts.every((attempt) => !attempt.succeeded && attempt.statusCode === 503)).toBe(true);
    expect(verdicts).toEqual(['failure']);
  });

  it('takes the round under a lease and sends with no transaction open (#198)', async () => {
    const { attempts, sentInTransaction, claimedUntil } = await roundOf(3, () => 204);

    expect(claimedUntil).toEqual(new Date('2025-11-01T00:10:00Z'));
    expect(sentInTransaction).toBe(0);
    expect(attempts).toHaveLength(3);
  });

  it('gives the lease back, sending nothing, when it cannot read what the round needs (#198)', async () => {
    const released: unknown[][] = [];
    let sends = 0;
    const due = [{ id: 'd0', channel: 'email', recipientKey: 'ana', attempts: 0 } as Delivery];
    const deliveries = {
      claimDue: async () => due,
      emailRecipientsNow: async () => {
        throw new Error('connection terminated');
      },
      releaseLease: async (...args: unknown[]) => void released.push(args),
    } as unknown as DeliveryRepository;
    const config = { DELIVERY_BATCH_SIZE: 50, DELIVERY_LEASE_MS: 600_000 } as NotificationConfig;
    const dispatcher = new DeliveryDispatcher(
      {} as DataSource,
      deliveries,
      {} as WebhookSubscriptionRepository,
      {} as Notifier,
      { send: async () => ((sends += 1), { statusCode: 250 }) } as unknown as EmailSender,
      {} as WebhookSender,
      { now: () => new Date('2025-11-01T00:00:00Z') } as Clock,
      config,
      {} as InboxStream,
    );

    await expect(dispatcher.runOnce()).rejects.toThrow('connection terminated');
    expect(released).toEqual([[due, new Date('2025-11-01T00:10:00Z'), new Date('2025-11-01T00:00:00Z')]]);
    expect(sends).toBe(0);
  });

  it('counts the receiver as up when any delivery of the round reached it', async () => {
    const { attempts, verdicts } = await roundOf(25, (index) => (index === 24 ? 204 : 503));

    expect(attempts.filter((attempt) => attempt.succeeded)).toHaveLength(1);
    expect(verdicts).toEqual(['success']);
  });
});

describe('an e-mail delivery as its recipient stands when it is sent (#149)', () => {
  const queued = {
    id: 'd-1',
    channel: 'email',
    kind: 'decision.rejected',
    pemdaCode: '32.73',
    payload: { to: 'lama@bandung.go.id', userId: 'operator-bandung', locale: 'id', mandatory: false, facts: {} },
  } as unknown as Delivery;
  const now = { active: true, email: 'lama@bandung.go.id', role: 'pemda-operator', pemdaCode: '32.73', wilayah: null, unsubscribed: false };

  it('goes to the address filed now', () => {
    expect(addressedNow(queued, now)).toBe(queued);
    expect((addressedNow(queued, { ...now, email: 'baru@bandung.go.id' }).payload as { to: string }).to).toBe('baru@bandung.go.id');
  });

  it('is not sent to someone deactivated, no longer filed, moved to another Pemda, unsubscribed or without an address', () => {
    expect(() => addressedNow(queued, { ...now, active: false })).toThrow(NotSent);
    expect(() => addressedNow(queued, undefined)).toThrow(/tidak aktif/);
    expect(() => addressedNow(queued, { ...now, pemdaCode: '32.01' })).toThrow(/Pemda 32.01/);
    // Left the Pemda for a role with none (an analyst now): not the old Pemda's news either.
    expect(() => addressedNow(queued, { ...now, role: 'analyst', pemdaCode: null })).toThrow(/tidak lagi tercatat di Pemda 32.73/);
    expect(() => addressedNow(queued, { ...now, unsubscribed: true })).toThrow(/berhenti berlangganan/);
    expect(() => addressedNow(queued, { ...now, email: null })).toThrow(NotSent);
  });

  it('still tells KPK staff of the Pemda whose task they hold', () => {
    const toVerifier = { ...queued, kind: 'task.reassigned_to', payload: { ...(queued.payload as object), to: 'ana@kpk.go.id' } } as Delivery;
    expect(addressedNow(toVerifier, { ...now, email: 'ana@kpk.go.id', role: 'verifier', pemdaCode: null })).toBe(toVerifier);
  });

  it('is not sent to someone who no longer holds a role the notice is for, or left the wilayah it is for', () => {
    const toQa = {
      ...queued,
      kind: 'qa.review_requested',
      payload: { to: 'fajar@kpk.go.id', userId: 'fajar', locale: 'id', mandatory: false, facts: { kind: 'qa.review_requested', pemdaCode: '32.73', wilayah: 'III' } },
    } as unknown as Delivery;
    const qaNow = { ...now, email: 'fajar@kpk.go.id', role: 'qa', pemdaCode: null, wilayah: 'III' };
    expect(addressedNow(toQa, qaNow)).toBe(toQa);
    // A QA reviewer made a verifier: the sample is kept from deciders.
    expect(() => addressedNow(toQa, { ...qaNow, role: 'verifier' })).toThrow(/berperan verifier/);
    expect(() => addressedNow(toQa, { ...qaNow, wilayah: 'IV' })).toThrow(/wilayah IV/);
    expect(() => addressedNow(toQa, { ...qaNow, wilayah: null })).toThrow(/wilayah -/);
    // The operators' notice to someone of the same Pemda filed now as its admin goes; as an analyst it does not.
    expect(addressedNow(queued, { ...now, role: 'pemda-admin' })).toBe(queued);
    expect(() => addressedNow(queued, { ...now, role: 'analyst' })).toThrow(/berperan analyst/);
    const toAdmin = { ...queued, kind: 'dead_letters.present', pemdaCode: null, payload: { ...(queued.payload as object), mandatory: true } } as Delivery;
    expect(addressedNow(toAdmin, { ...now, role: 'admin', pemdaCode: null })).toBe(toAdmin);
    expect(() => addressedNow(toAdmin, { ...now, role: 'verifier', pemdaCode: null })).toThrow(/berperan verifier/);
  });

  it('still sends a mandatory notice to an active recipient who switched the kind off', () => {
    const mandatory = { ...queued, payload: { ...(queued.payload as object), mandatory: true } } as Delivery;
    expect(addressedNow(mandatory, { ...now, unsubscribed: true })).toBe(mandatory);
  });
});

describe('a warning of a moment, sent after an outage (#149)', () => {
  const warning = (kind: string, occurredAt: string) =>
    ({ id: 'd-2', channel: 'email', kind, pemdaCode: null, payload: { to: 'ana@kpk.go.id', userId: 'ana', locale: 'id', mandatory: false, facts: { kind, occurredAt } } }) as unknown as Delivery;

  it('goes out while the moment is ahead, and not once it has passed', () => {
    const leaseEnds = warning('task.lease_expiring', '2024-11-30T03:00:00.000Z');
    expect(timelyAt(leaseEnds, new Date('2024-11-30T02:55:00.000Z'))).toBe(leaseEnds);
    expect(() => timelyAt(leaseEnds, new Date('2024-11-30T06:00:00.000Z'))).toThrow(/sudah lewat/);
    expect(() => timelyAt(warning('deadline.reminder', '2024-12-31T16:59:59.000Z'), new Date('2025-01-01T00:00:00.000Z'))).toThrow(NotSent);
  });

  it('leaves a notice of something that happened alone, however late', () => {
    const rejected = warning('decision.rejected', '2024-11-30T03:00:00.000Z');
    expect(timelyAt(rejected, new Date('2024-12-30T00:00:00.000Z'))).toBe(rejected);
  });
});
