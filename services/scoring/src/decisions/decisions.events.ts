import { EvidenceVerified, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { HandleEventBatch } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DecisionsService } from './decisions.service';

/**
 * Every verification decision re-scores its Pemda and the regions it counts in; a partition's
 * fetch is applied together, each Pemda and region moved once for it (docs/decisions.md #79).
 * Up to 5,000 at once: a batch costs per Pemda it touches (546 at most in a year), not per decision,
 * so a backlog is cheapest in big bites; 5,000 take about a second here (docs/decisions.md #97).
 */
@Injectable()
export class DecisionsEvents {
  constructor(private readonly decisions: DecisionsService) {}

  // The consumer name (scoring.decisions) keys the inbox: renaming it would apply redeliveries again.
  @HandleEventBatch(EvidenceVerified, { consumer: 'decisions', maxEventsPerBatch: 5_000 })
  onEvidenceVerified(events: McpEvent<EvidenceVerifiedV1>[], tx: EntityManager): Promise<void> {
    return this.decisions.applyDecisions(
      events.map((event) => ({ decision: event.data, eventId: event.id })),
      tx,
    );
  }
}
