import { EvidenceVerified, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DecisionsService } from './decisions.service';

/** Every verification decision re-scores its Pemda and the regions it counts in. */
@Injectable()
export class DecisionsEvents {
  constructor(private readonly decisions: DecisionsService) {}

  // The consumer name (scoring.decisions) keys the inbox: renaming it would apply redeliveries again.
  @HandleEvent(EvidenceVerified, { consumer: 'decisions' })
  onEvidenceVerified(event: McpEvent<EvidenceVerifiedV1>, tx: EntityManager): Promise<void> {
    return this.decisions.applyDecision(event.data, event.id, tx);
  }
}
