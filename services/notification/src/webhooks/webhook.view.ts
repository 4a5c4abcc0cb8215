import type { Delivery, DeliveryAttempt } from '../deliveries/delivery.repository';
import type { WebhookSubscription } from './webhook-subscription.repository';

export interface WebhookSubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  pemdaCode: string | null;
  provinceCode: string | null;
  enabled: boolean;
  consecutiveFailures: number;
  disabledAt: Date | null;
  activeSecrets: number;
}

/** Secrets are shown once, when made; afterwards only how many are active. */
export function subscriptionView(subscription: WebhookSubscription): WebhookSubscriptionView {
  const { secrets, createdAt: _createdAt, ...rest } = subscription;
  return { ...rest, activeSecrets: secrets.length };
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: Delivery['status'];
  attempts: DeliveryAttempt[];
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  lastError: string | null;
}

export function deliveryView(delivery: Delivery, attempts: DeliveryAttempt[]): WebhookDeliveryView {
  return {
    id: delivery.id,
    eventId: delivery.sourceEventId,
    eventType: delivery.kind,
    status: delivery.status,
    attempts,
    nextAttemptAt: delivery.nextAttemptAt,
    sentAt: delivery.sentAt,
    lastError: delivery.lastError,
  };
}
