import { DecisionRefused, EvidenceVerified, type DecisionRefusedV1, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent, HandleEventBatch } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SubmissionDecisions } from './submission-decisions';
import { SubmissionRefusals } from './submission-refusals';

@Injectable()
export class SubmissionItemsEvents {
  constructor(
    private readonly decisions: SubmissionDecisions,
    private readonly refusals: SubmissionRefusals,
  ) {}

  /**
   * Consumer `submissions.decisions`: the inbox remembers what it applied under that name, so it never
   * changes. In batches (docs/decisions.md #79): one transaction and one inbox insert for a fetch's
   * decisions instead of one each, applied in offset order, so a Pemda's decisions keep their order.
   */
  @HandleEventBatch(EvidenceVerified, { consumer: 'decisions' })
  async onEvidenceVerified(events: McpEvent<EvidenceVerifiedV1>[], tx: EntityManager): Promise<void> {
    for (const event of events) await this.decisions.apply(event.data, tx);
  }

  /** Consumer `submissions.decision-refused`: scoring's refusals (docs/decisions.md #74). */
  @HandleEvent(DecisionRefused, { consumer: 'decision-refused' })
  onDecisionRefused(event: McpEvent<DecisionRefusedV1>, tx: EntityManager): Promise<void> {
    return this.refusals.apply(event.data, tx);
  }
}
