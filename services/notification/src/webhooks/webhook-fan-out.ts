import type { McpEvent } from '@mcp/contracts';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { DeliveryRepository, type NewDelivery } from '../deliveries/delivery.repository';
import { withinRetention } from '../deliveries/delivery-retention';
import { NotificationConfig } from '../notification-config';
import { matches, WebhookSubscriptionRepository, type WebhookScope, type WebhookSubscription } from './webhook-subscription.repository';

/** Queues the CloudEvent for every subscription that wants it, in the event's inbox transaction. */
@Injectable()
export class WebhookFanOut {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly clock: Clock,
    private readonly config: NotificationConfig,
  ) {}

  private readonly logger = new Logger(WebhookFanOut.name);

  /** An event older than deliveries are kept is forwarded to nobody, as it tells nobody (#224). */
  private kept(event: McpEvent<unknown>, now: Date): boolean {
    if (withinRetention(event.time, this.config.DELIVERY_RETENTION_DAYS, now)) return true;
    this.logger.log(`Forwarded ${event.id} to no webhook: older than DELIVERY_RETENTION_DAYS (${this.config.DELIVERY_RETENTION_DAYS})`);
    return false;
  }

  async enqueue(tx: EntityManager, event: McpEvent<unknown>, scope: WebhookScope): Promise<number> {
    const now = this.clock.now();
    if (!this.kept(event, now)) return 0;
    const subscriptions = await this.subscriptions.matching(tx, event.type, scope);
    return this.deliveries.enqueue(tx, deliveriesTo(subscriptions, event, scope), now);
  }

  /**
   * The events of one batch, all of one type (docs/decisions.md #95): the type's subscriptions read
   * once and matched in memory, the deliveries in one insert.
   */
  async enqueueAll(tx: EntityManager, eventType: string, given: readonly { event: McpEvent<unknown>; scope: WebhookScope }[]): Promise<number> {
    const now = this.clock.now();
    const items = given.filter(({ event }) => this.kept(event, now));
    if (items.length === 0) return 0;
    const subscriptions = await this.subscriptions.subscribedTo(tx, eventType);
    const deliveries = items.flatMap(({ event, scope }) =>
      deliveriesTo(
        subscriptions.filter((subscription) => matches(subscription, scope)),
        event,
        scope,
      ),
    );
    return this.deliveries.enqueue(tx, deliveries, now);
  }
}

function deliveriesTo(subscriptions: readonly WebhookSubscription[], event: McpEvent<unknown>, scope: WebhookScope): NewDelivery[] {
  return subscriptions.map((subscription) => ({
    sourceEventId: event.id,
    kind: event.type,
    channel: 'webhook' as const,
    recipientKey: subscription.id,
    pemdaCode: scope.pemdaCode ?? null,
    payload: event,
  }));
}
