import { ApiProperty } from '@nestjs/swagger';
import type { Delivery, DeliveryAttempt } from '../deliveries/delivery.repository';
import type { WebhookSubscription } from './webhook-subscription.repository';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types';

/** A subscription as an admin sees it: never its secrets, only how many sign. */
export class WebhookSubscriptionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://contoh.go.id/mcp/webhook' }) url: string;
  @ApiProperty({ type: String, isArray: true, enum: [...WEBHOOK_EVENT_TYPES] }) eventTypes: string[];
  @ApiProperty({ nullable: true, type: String, example: '32.73' }) pemdaCode: string | null;
  @ApiProperty({ nullable: true, type: String, example: '32' }) provinceCode: string | null;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: 'integer', description: 'Failed deliveries in a row; the subscription is disabled at WEBHOOK_DISABLE_AFTER_FAILURES' }) consecutiveFailures: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabledAt: Date | null;
  @ApiProperty({ type: 'integer', description: 'Secrets that sign each delivery: 1 until the first rotation, then 2 (the newest and the one before it)' }) activeSecrets: number;
}

export class CreatedWebhookView extends WebhookSubscriptionView {
  @ApiProperty({ description: 'The signing secret (Standard Webhooks, `whsec_…`): shown this once' }) secret: string;
}

export class WebhookSecretView {
  @ApiProperty({ description: 'The new signing secret: shown this once' }) secret: string;
}

export class ResendQueuedView {
  @ApiProperty({ enum: [true] }) queued: true;
}

/** Secrets are shown once, when made; afterwards only how many are active. */
export function subscriptionView(subscription: WebhookSubscription): WebhookSubscriptionView {
  const { secrets, createdAt: _createdAt, ...rest } = subscription;
  return { ...rest, activeSecrets: secrets.length };
}

export class WebhookAttemptView implements DeliveryAttempt {
  @ApiProperty({ type: 'integer', example: 1 }) attempt: number;
  @ApiProperty({ type: String, format: 'date-time' }) attemptedAt: Date;
  @ApiProperty({ type: 'integer' }) durationMs: number;
  @ApiProperty() succeeded: boolean;
  @ApiProperty({ nullable: true, type: 'integer', description: "The receiver's HTTP status; null when none came (timeout, refused)" }) statusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid', description: 'Also the `webhook-id` header of every attempt' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'mcp.evidence.verified.v1' }) eventType: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'] }) status: Delivery['status'];
  @ApiProperty({ type: [WebhookAttemptView] }) attempts: WebhookAttemptView[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
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
