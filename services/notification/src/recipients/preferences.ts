import type { AuthPrincipal } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { isNotificationKind, ruleFor, type PersonalChannel } from '../messages/rules';
import { RecipientRepository, type Preference } from './recipient.repository';

/** A person's switches per kind and channel; mandatory notices cannot be switched off. */
@Injectable()
export class Preferences {
  constructor(private readonly recipients: RecipientRepository) {}

  of(principal: AuthPrincipal): Promise<Preference[]> {
    return this.recipients.preferences(principal.subject);
  }

  async set(userId: string, kind: string, channel: PersonalChannel, enabled: boolean): Promise<Preference> {
    if (!isNotificationKind(kind)) {
      throw new DomainError('invalid-input', 'UNKNOWN_NOTIFICATION_KIND', `Jenis notifikasi ${kind} tidak dikenal`);
    }
    if (!enabled && ruleFor(kind).mandatory) {
      throw new DomainError('unprocessable', 'MANDATORY_NOTIFICATION', `Notifikasi ${kind} wajib dan tidak dapat dimatikan`);
    }
    if (!(await this.recipients.find(userId))) {
      throw new DomainError('not-found', 'UNKNOWN_RECIPIENT', `Penerima ${userId} tidak dikenal`);
    }
    const preference = { kind, channel, enabled };
    await this.recipients.setPreference(userId, preference);
    return preference;
  }
}
