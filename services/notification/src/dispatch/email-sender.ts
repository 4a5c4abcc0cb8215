import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type { EmailPayload } from '../deliveries/notifier';
import type { Delivery } from '../deliveries/delivery.repository';
import { renderMessage } from '../messages/templates';
import { NotificationConfig } from '../notification-config';
import { UnsubscribeLinks } from '../recipients/unsubscribe-links';

export interface SendOutcome {
  statusCode: number | null;
}

/**
 * Bounds on a slow relay. A dispatcher round waits for every send of the round to settle, and its
 * deliveries stay taken (DELIVERY_LEASE_MS) meanwhile, so nodemailer's defaults (2 minutes to
 * connect, 10 of silence) would let one stalled relay hold a round for minutes; failing fast
 * instead lets the retry backoff take over. Query parameters of SMTP_URL (`?socketTimeout=60000`) win over these.
 */
const SMTP_CONNECTION_TIMEOUT_MS = 10_000;
const SMTP_GREETING_TIMEOUT_MS = 10_000;
const SMTP_SOCKET_TIMEOUT_MS = 30_000;
/** As many as a round's sends can use in parallel without each opening its own connection. */
const SMTP_MAX_CONNECTIONS = 5;

/** Hands one e-mail delivery to SMTP; throws when the server does not take it. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(
    private readonly config: NotificationConfig,
    private readonly unsubscribeLinks: UnsubscribeLinks,
  ) {
    // One options object: with the URL as a string, a second argument would be message defaults.
    this.transport = createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: SMTP_MAX_CONNECTIONS,
      // The dispatcher retries with its own backoff and logs each attempt; the pool's own re-queue
      // would hold the round while it retries a server that keeps refusing.
      maxRequeues: 0,
      connectionTimeout: SMTP_CONNECTION_TIMEOUT_MS,
      greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
      socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }

  async send(delivery: Delivery): Promise<SendOutcome> {
    const payload = delivery.payload as EmailPayload;
    const unsubscribeUrl = payload.mandatory ? undefined : this.unsubscribeLinks.urlFor({ userId: payload.userId, kind: delivery.kind });
    const message = renderMessage(payload.facts, payload.locale, unsubscribeUrl);
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: payload.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: messageIdOf(delivery, this.config.MAIL_MESSAGE_ID_DOMAIN),
      headers: {
        'X-MCP-Notification-Kind': delivery.kind,
        ...(unsubscribeUrl ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      },
    });
    return { statusCode: 250 };
  }
}

/**
 * The same (event, recipient) always gets the same Message-ID, so a message sent again after a
 * crash or a manual re-send is recognisable as the same one by mail clients and by people.
 */
export function messageIdOf(delivery: Pick<Delivery, 'sourceEventId' | 'recipientKey'>, domain: string): string {
  const recipient = createHash('sha256').update(delivery.recipientKey).digest('hex').slice(0, 16);
  return `<${delivery.sourceEventId}.${recipient}@${domain}>`;
}
