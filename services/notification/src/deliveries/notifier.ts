import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { ruleFor } from '../messages/rules';
import { renderMessage, type MessageFacts } from '../messages/templates';
import { optOutKey, RecipientRepository, type Recipient } from '../recipients/recipient.repository';
import { DeliveryRepository, type NewDelivery } from './delivery.repository';

export interface InAppPayload {
  title: string;
  body: string;
  facts: MessageFacts;
}

export interface EmailPayload {
  to: string;
  userId: string;
  locale: Recipient['locale'];
  mandatory: boolean;
  facts: MessageFacts;
}

/**
 * Decides who is told, following the rule of the kind: the audience's recipients, minus those who
 * switched an optional kind off on a channel. Writes deliveries only, inside the caller's
 * transaction (the inbox transaction of the event); sending happens later, from the outbox.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly recipients: RecipientRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly clock: Clock,
  ) {}

  async notify(tx: EntityManager, sourceEventId: string, facts: MessageFacts): Promise<number> {
    const rule = ruleFor(facts.kind);
    const pemdaCode = rule.audience.scope === 'pemda' ? facts.pemdaCode : undefined;
    const audience = await this.recipients.withRoles(tx, rule.audience.roles, pemdaCode);
    const optedOut = rule.mandatory ? new Set<string>() : await this.recipients.optedOut(tx, audience.map((r) => r.userId));
    const wants = (recipient: Recipient, channel: string) => !optedOut.has(optOutKey(recipient.userId, facts.kind, channel));

    const deliveries: NewDelivery[] = [];
    for (const recipient of audience) {
      const common = { sourceEventId, kind: facts.kind, recipientKey: recipient.userId, pemdaCode: facts.pemdaCode ?? null };
      if (rule.channels.includes('in_app') && wants(recipient, 'in_app')) {
        const { subject, body } = renderMessage(facts, recipient.locale);
        const payload: InAppPayload = { title: subject, body, facts };
        deliveries.push({ ...common, channel: 'in_app', payload });
      }
      if (rule.channels.includes('email') && recipient.email && wants(recipient, 'email')) {
        const payload: EmailPayload = { to: recipient.email, userId: recipient.userId, locale: recipient.locale, mandatory: rule.mandatory, facts };
        deliveries.push({ ...common, channel: 'email', payload });
      }
    }
    return this.deliveries.enqueue(tx, deliveries, this.clock.now());
  }
}
