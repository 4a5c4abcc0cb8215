import { Injectable } from '@nestjs/common';
import type { Delivery } from '../deliveries/delivery.repository';
import { NotificationConfig } from '../notification-config';
import { signWebhook } from '../webhooks/webhook-signature';
import type { WebhookSubscription } from '../webhooks/webhook-subscription.repository';
import type { SendOutcome } from './email-sender';

export class WebhookRefused extends Error {
  constructor(readonly statusCode: number) {
    super(`HTTP ${statusCode}`);
  }
}

/** POSTs the CloudEvent, signed; anything but a 2xx answer in time is a failure. */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: NotificationConfig) {}

  async send(delivery: Delivery, subscription: WebhookSubscription): Promise<SendOutcome> {
    const body = JSON.stringify(delivery.payload);
    // The delivery id is the webhook-id: the same on every retry and re-send, so receivers dedupe.
    // The timestamp is the wall clock, not the service's Clock: receivers reject stale signatures.
    const response = await fetch(subscription.url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', ...signWebhook(subscription.secrets, delivery.id, new Date(), body) },
      body,
      signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      redirect: 'manual',
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) throw new WebhookRefused(response.status);
    return { statusCode: response.status };
  }
}
