import { Subject } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { DeliveryRepository } from '../deliveries/delivery.repository';
import type { InboxStream } from '../deliveries/inbox-stream';
import type { Notifier } from '../deliveries/notifier';
import type { NotificationConfig } from '../notification-config';
import type { WebhookSubscriptionRepository } from '../webhooks/webhook-subscription.repository';
import { DeliveryDispatcher } from './delivery-dispatcher';
import type { EmailSender } from './email-sender';
import type { WebhookSender } from './webhook-sender';

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
    nextDueAfter: async () => nextDue(),
  } as unknown as DeliveryRepository;
  const dataSource = { transaction: (work: (tx: unknown) => Promise<unknown>) => work({}) } as unknown as DataSource;
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
