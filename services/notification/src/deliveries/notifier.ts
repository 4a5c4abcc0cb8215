import { findSubIndicator } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { NotificationConfig } from '../notification-config';
import { ruleFor, type Audience } from '../messages/rules';
import { renderMessage, type MessageFacts } from '../messages/templates';
import { optOutKey, RecipientRepository, type Recipient } from '../recipients/recipient.repository';
import { DeliveryRepository, type NewDelivery } from './delivery.repository';
import { withinRetention } from './delivery-retention';

export interface InAppPayload {
  title: string;
  body: string;
  facts: MessageFacts;
}

/** What one event tells: its facts, and the event the deliveries are keyed by. */
export interface Notice {
  sourceEventId: string;
  facts: MessageFacts;
  /**
   * When the event happened, where its facts' `occurredAt` is a moment it speaks of instead (a
   * deadline extended until, a lease's end): what the retention ages a notice by (#224).
   */
  eventTime?: string;
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
 * transaction (the inbox transaction of the event); sending happens later, from the outbox. Reads
 * the framework copy for the sub-indicators' names (cached; see withSubIndicatorNames).
 */
@Injectable()
export class Notifier {
  private readonly logger = new Logger(Notifier.name);

  constructor(
    private readonly recipients: RecipientRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly clock: Clock,
    private readonly referenceData: ReferenceData,
    private readonly config: NotificationConfig,
  ) {}

  notify(tx: EntityManager, sourceEventId: string, facts: MessageFacts, eventTime?: string): Promise<number> {
    return this.notifyAll(tx, [{ sourceEventId, facts, eventTime }]);
  }

  /**
   * Many events' notices in one go (a batch of decisions, docs/decisions.md #95): the Pemda-wide
   * audiences in one read, the opt-outs in one, the deliveries in one insert, each notice deciding
   * exactly as `notify` would alone.
   */
  async notifyAll(tx: EntityManager, given: readonly Notice[]): Promise<number> {
    const now = this.clock.now();
    // Nobody is told of what happened longer ago than notices are kept (docs/decisions.md #224).
    const kept = given.filter(({ facts, eventTime }) => withinRetention(eventTime ?? facts.occurredAt, this.config.DELIVERY_RETENTION_DAYS, now));
    if (kept.length < given.length) {
      const dropped = given.filter((notice) => !kept.includes(notice)).map((notice) => notice.sourceEventId);
      this.logger.log(`Told nobody of ${dropped.length} event(s) older than DELIVERY_RETENTION_DAYS (${this.config.DELIVERY_RETENTION_DAYS}): ${dropped.join(', ')}`);
    }
    const notices = await this.named(kept);
    const audiences = await this.audiencesOf(tx, notices);
    const optional = notices.flatMap((notice, i) => (ruleFor(notice.facts.kind).mandatory ? [] : audiences[i].map((r) => r.userId)));
    const optedOut = optional.length > 0 ? await this.recipients.optedOut(tx, [...new Set(optional)]) : new Set<string>();
    const deliveries = notices.flatMap((notice, i) => deliveriesOf(notice, audiences[i], optedOut));
    return this.deliveries.enqueue(tx, deliveries, now);
  }

  /**
   * Names the sub-indicator of each notice that has one, from the year's framework (this service's
   * cached copy, read once per year and outside the caller's transaction while the cache is cold),
   * for the sentences to say what PRC.1.1 is; a year or code the copy does not hold leaves the code
   * alone. The name is kept in the stored facts, so an e-mail sent later reads the same.
   */
  async named(notices: readonly Notice[]): Promise<Notice[]> {
    const unnamed = (notice: Notice) => notice.facts.year !== undefined && Boolean(notice.facts.subIndicatorCode) && !notice.facts.subIndicatorName;
    const years = [...new Set(notices.filter(unnamed).map((notice) => notice.facts.year as number))];
    if (years.length === 0) return [...notices];
    const frameworks = new Map(await Promise.all(years.map(async (year) => [year, await this.referenceData.frameworkFor(year)] as const)));
    return notices.map((notice) => {
      if (!unnamed(notice)) return notice;
      const framework = frameworks.get(notice.facts.year as number);
      const name = framework && findSubIndicator(framework.index, notice.facts.subIndicatorCode as string)?.subIndicator.name;
      return name ? { ...notice, facts: { ...notice.facts, subIndicatorName: name } } : notice;
    });
  }

  /**
   * Each notice's audience, nobody told of their own act (above all, a verifier never learns their
   * decision was sampled). Pemda-wide audiences, the bulk of them, come from one read for all.
   */
  private async audiencesOf(tx: EntityManager, notices: readonly Notice[]): Promise<Recipient[][]> {
    const pemdaWide = notices.flatMap(({ facts }) => {
      const audience = ruleFor(facts.kind).audience;
      return audience.scope === 'pemda' && facts.pemdaCode ? [{ roles: audience.roles, pemdaCode: facts.pemdaCode }] : [];
    });
    const roles = [...new Set(pemdaWide.flatMap((wide) => wide.roles))];
    const pemdaCodes = [...new Set(pemdaWide.map((wide) => wide.pemdaCode))];
    const ofPemda = pemdaCodes.length > 0 ? await this.recipients.withRolesInPemda(tx, roles, pemdaCodes) : [];
    const audiences: Recipient[][] = [];
    for (const { facts } of notices) {
      const audience = ruleFor(facts.kind).audience;
      const found =
        audience.scope === 'pemda'
          ? ofPemda.filter((recipient) => recipient.pemdaCode === facts.pemdaCode && audience.roles.includes(recipient.role))
          : await this.audienceOf(tx, audience, facts);
      audiences.push(found.filter((recipient) => recipient.userId !== facts.actor));
    }
    return audiences;
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

/** The deliveries of one notice to its audience, by its kind's rule and the recipients' opt-outs. */
function deliveriesOf({ sourceEventId, facts }: Notice, audience: readonly Recipient[], optedOut: ReadonlySet<string>): NewDelivery[] {
  const rule = ruleFor(facts.kind);
  const wants = (recipient: Recipient, channel: string) => rule.mandatory || !optedOut.has(optOutKey(recipient.userId, facts.kind, channel));
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
  return deliveries;
}
