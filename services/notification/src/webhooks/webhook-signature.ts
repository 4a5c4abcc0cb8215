import { Webhook } from 'standardwebhooks';
import { randomBytes } from 'node:crypto';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks headers: one `v1,<HMAC-SHA256 of id.timestamp.body>` per active secret,
 * space-separated, so a receiver holding either secret of a rotation accepts the message.
 */
export function signWebhook(secrets: string[], messageId: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
