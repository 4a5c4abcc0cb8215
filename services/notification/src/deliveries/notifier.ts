import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { ruleFor, type Audience } from '../messages/rules';
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
    // Nobody is told of their own act: above all, a verifier never learns their decision was sampled.
    const audience = (await this.audienceOf(tx, rule.audience, facts)).filter((recipient) => recipient.userId !== facts.actor);
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

  private async audienceOf(tx: EntityManager, audience: Audience, facts: MessageFacts): Promise<Recipient[]> {
    switch (audience.scope) {
      case 'person':
        return facts.userId ? [await this.person(tx, facts.userId)].filter((recipient) => recipient.active) : [];
      case 'pemda':
        return facts.pemdaCode ? this.recipients.withRoles(tx, audience.roles, { pemdaCode: facts.pemdaCode }) : [];
      case 'wilayah':
        return facts.wilayah ? this.recipients.withRoles(tx, audience.roles, { wilayah: facts.wilayah }) : [];
      case 'everyone':
        return this.recipients.withRoles(tx, audience.roles);
    }
  }

  /**
   * The person an event names. Someone nobody filed yet (a verifier who never opened this
   * service) still gets the in-app notice under their token subject, in Indonesian; e-mail needs
   * the address an admin files.
   */
  private async person(tx: EntityManager, userId: string): Promise<Recipient> {
    return (
      (await this.recipients.findIn(tx, userId)) ?? { userId, name: null, role: 'verifier', pemdaCode: null, wilayah: null, email: null, locale: 'id', active: true }
    );
  }
}
