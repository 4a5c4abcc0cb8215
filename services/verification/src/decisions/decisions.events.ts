import { DecisionRefused, type DecisionRefusedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DecisionRefusals } from './decision-refusals';

/** Kafka only: scoring's answer to a decision it did not count. */
@Injectable()
export class DecisionsEvents {
  constructor(private readonly refusals: DecisionRefusals) {}

  // The consumer name (verification.decision-refused) keys the inbox: it never changes once deployed.
  @HandleEvent(DecisionRefused, { consumer: 'decision-refused' })
  onDecisionRefused(event: McpEvent<DecisionRefusedV1>, tx: EntityManager): Promise<void> {
    return this.refusals.markNotCounted(event.data, tx);
  }
}
