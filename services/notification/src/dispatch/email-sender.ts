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

/** Hands one e-mail delivery to SMTP; throws when the server does not take it. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(
    private readonly config: NotificationConfig,
    private readonly unsubscribeLinks: UnsubscribeLinks,
  ) {
    this.transport = createTransport(config.SMTP_URL, { pool: true, maxConnections: 5 } as object);
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
