import { EvidenceVerified, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { HandleEventBatch } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DecisionsService } from './decisions.service';

/**
 * Every verification decision re-scores its Pemda and the regions it counts in; a partition's
 * fetch is applied together, each Pemda and region moved once for it (docs/decisions.md #79).
 */
@Injectable()
export class DecisionsEvents {
  constructor(private readonly decisions: DecisionsService) {}

  // The consumer name (scoring.decisions) keys the inbox: renaming it would apply redeliveries again.
  @HandleEventBatch(EvidenceVerified, { consumer: 'decisions' })
  onEvidenceVerified(events: McpEvent<EvidenceVerifiedV1>[], tx: EntityManager): Promise<void> {
    return this.decisions.applyDecisions(
      events.map((event) => ({ decision: event.data, eventId: event.id })),
      tx,
    );
  }
}
