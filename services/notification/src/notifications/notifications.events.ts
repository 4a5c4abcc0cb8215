import { EvidenceVerified, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from './notifications.service';

/** Kafka only: every verification decision becomes a notification for its Pemda. */
@Injectable()
export class NotificationsEvents {
  constructor(private readonly notifications: NotificationsService) {}

  @HandleEvent(EvidenceVerified, { consumer: 'decisions' })
  onDecision(event: McpEvent<EvidenceVerifiedV1>, tx: EntityManager): Promise<void> {
    return this.notifications.notifyDecision(event, tx);
  }
}
