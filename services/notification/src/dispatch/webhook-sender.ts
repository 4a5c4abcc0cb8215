import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Delivery } from '../deliveries/delivery.repository';
import { NotificationConfig } from '../notification-config';
import { signWebhook } from '../webhooks/webhook-signature';
import type { WebhookSubscription } from '../webhooks/webhook-subscription.repository';
import { WebhookTargetPolicy } from '../webhooks/webhook-target-policy';
import type { SendOutcome } from './email-sender';

export class WebhookRefused extends Error {
  constructor(readonly statusCode: number) {
    super(`HTTP ${statusCode}`);
  }
}

/**
 * POSTs the CloudEvent, signed; anything but a 2xx answer in time is a failure. A URL the target
 * policy refuses fails with WebhookTargetRefused before anything is sent (no status code).
 *
 * node:http(s) rather than fetch: its agents take a `lookup`, so the policy resolves and checks the
 * host inside the connection and the socket goes to the address it checked. The global fetch
 * (undici inside Node) offers no such hook without the undici package, and a check before fetch
 * would leave a DNS-rebinding window between the check and fetch's own resolution.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(
    private readonly config: NotificationConfig,
    private readonly targets: WebhookTargetPolicy,
  ) {
    const options = { keepAlive: true, lookup: targets.lookup };
    this.agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  }

  onApplicationShutdown(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  async send(delivery: Delivery, subscription: WebhookSubscription): Promise<SendOutcome> {
    const url = new URL(subscription.url);
    // Subscriptions made before the policy, or under a looser configuration, are refused here.
    const refused = this.targets.refusalOf(url);
    if (refused) throw refused;
    const body = JSON.stringify(delivery.payload);
    // The delivery id is the webhook-id: the same on every retry and re-send, so receivers dedupe.
    // The timestamp is the wall clock, not the service's Clock: receivers reject stale signatures.
    const headers = {
      'content-type': 'application/cloudevents+json',
      'content-length': String(Buffer.byteLength(body)),
      ...signWebhook(subscription.secrets, delivery.id, new Date(), body),
    };
    const statusCode = await this.post(url, headers, body);
    if (statusCode < 200 || statusCode > 299) throw new WebhookRefused(statusCode);
    return { statusCode };
  }

  /** The answer's status; redirects are not followed (a 3xx is a failure, as with redirect: 'manual'). */
  private post(url: URL, headers: Record<string, string>, body: string): Promise<number> {
    const timeoutMs = this.config.WEBHOOK_TIMEOUT_MS;
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(url, { method: 'POST', headers, agent: secure ? this.agents.https : this.agents.http });
      // One deadline for the whole exchange, the answer's body included: a receiver that trickles
      // its body must not hold the dispatcher's round (and its deliveries' lease) open.
      const timer = setTimeout(
        () => request.destroy(new Error(`Penerima tidak menjawab dalam ${timeoutMs} ms (no answer within WEBHOOK_TIMEOUT_MS)`)),
        timeoutMs,
      );
      const settle = () => clearTimeout(timer);
      request.on('error', (error) => {
        settle();
        reject(error);
      });
      request.on('response', (response: IncomingMessage) => {
        resolve(response.statusCode ?? 0);
        // Only the status counts; reading the body to its end lets the agent reuse the connection.
        response.on('end', settle).on('close', settle).on('error', settle).resume();
      });
      request.end(body);
    });
  }
}
