import type { AuthPrincipal } from '@mcp/auth';
import type { EvidenceVerifiedV1, McpEvent } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { decisionMessage } from './decision-message';
import { Notification } from './notification.entity';

@Injectable()
export class NotificationsService {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  /** Runs inside the inbox transaction of the decision event. */
  async notifyDecision(event: McpEvent<EvidenceVerifiedV1>, manager: EntityManager): Promise<void> {
    const decision = event.data;
    await manager.insert(Notification, {
      id: randomUUID(),
      pemdaCode: decision.pemdaCode,
      year: decision.year,
      subIndicatorCode: decision.subIndicatorCode,
      kind: decision.outcome,
      sourceEventId: event.id,
      ...decisionMessage(decision),
    });
  }

  /** A Pemda user sees their Pemda's notifications; an admin may look at any Pemda's. */
  listFor(principal: AuthPrincipal, pemdaCode?: string): Promise<Notification[]> {
    const scope = principal.roles.includes('admin') ? pemdaCode : principal.pemdaCode;
    if (!scope) return Promise.resolve([]);
    return this.notifications.find({
      where: { pemdaCode: scope },
      order: { createdAt: 'DESC' },
      take: 200,
    });
  }
}
