import { DecisionRefused, EvidenceVerified, type DecisionRefusedV1, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
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

  /** Consumer `submissions.decisions`: the inbox remembers what it applied under that name, so it never changes. */
  @HandleEvent(EvidenceVerified, { consumer: 'decisions' })
  onEvidenceVerified(event: McpEvent<EvidenceVerifiedV1>, tx: EntityManager): Promise<void> {
    return this.decisions.apply(event.data, tx);
  }

  /** Consumer `submissions.decision-refused`: scoring's refusals (docs/decisions.md #74). */
  @HandleEvent(DecisionRefused, { consumer: 'decision-refused' })
  onDecisionRefused(event: McpEvent<DecisionRefusedV1>, tx: EntityManager): Promise<void> {
    return this.refusals.apply(event.data, tx);
  }
}
