import { VerifierWilayahAssigned, type McpEvent, type VerifierWilayahAssignedV1 } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecipientRepository } from './recipient.repository';

@Injectable()
export class RecipientsEvents {
  constructor(private readonly recipients: RecipientRepository) {}

  /** Consumer `notification.verifier-wilayah`: the inbox remembers what it applied under that name, so it never changes. */
  @HandleEvent(VerifierWilayahAssigned, { consumer: 'verifier-wilayah' })
  onWilayahAssigned(event: McpEvent<VerifierWilayahAssignedV1>, tx: EntityManager): Promise<void> {
    return this.recipients.applyWilayahAssignment(tx, event.data);
  }
}
