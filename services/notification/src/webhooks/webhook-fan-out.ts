import type { McpEvent } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { DeliveryRepository } from '../deliveries/delivery.repository';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';

/** Queues the CloudEvent for every subscription that wants it, in the event's inbox transaction. */
@Injectable()
export class WebhookFanOut {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly clock: Clock,
  ) {}

  async enqueue(tx: EntityManager, event: McpEvent<unknown>, scope: { pemdaCode?: string; provinceCode?: string }): Promise<number> {
    const subscriptions = await this.subscriptions.matching(tx, event.type, scope.pemdaCode ?? null, scope.provinceCode ?? null);
    return this.deliveries.enqueue(
      tx,
      subscriptions.map((subscription) => ({
        sourceEventId: event.id,
        kind: event.type,
        channel: 'webhook' as const,
        recipientKey: subscription.id,
        pemdaCode: scope.pemdaCode ?? null,
        payload: event,
      })),
      this.clock.now(),
    );
  }
}
