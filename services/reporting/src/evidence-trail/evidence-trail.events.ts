import {
  DecisionRefused,
  EvidenceSubmitted,
  EvidenceVerified,
  EvidenceWithdrawn,
  type DecisionRefusedV1,
  type EvidenceSubmittedV1,
  type EvidenceVerifiedV1,
  type EvidenceWithdrawnV1,
  type McpEvent,
} from '@mcp/contracts';
import { HandleEventBatch } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decisionRefusalRowOf, evidenceUploadRowOf, evidenceWithdrawalRowOf, verificationDecisionRowOf } from './evidence-trail-rows';
import { EvidenceTrailRepository } from './evidence-trail.repository';

/**
 * Feeds the evidence trail: uploads, withdrawals, decisions and scoring's refusals of decisions
 * (#120), each kept as its event said. Every row is keyed by its event's subject and never
 * updated, so a partition's fetch goes in as one multi-row insert (docs/decisions.md #94). The
 * rebuild CLI writes the same rows through the same repository.
 */
@Injectable()
export class EvidenceTrailEvents {
  constructor(private readonly trail: EvidenceTrailRepository) {}

  @HandleEventBatch(EvidenceSubmitted, { consumer: 'evidence-submitted' })
  onSubmitted(events: McpEvent<EvidenceSubmittedV1>[], tx: EntityManager): Promise<void> {
    return this.trail.addUploads(tx, events.map(({ data }) => evidenceUploadRowOf(data)));
  }

  @HandleEventBatch(EvidenceWithdrawn, { consumer: 'evidence-withdrawn' })
  onWithdrawn(events: McpEvent<EvidenceWithdrawnV1>[], tx: EntityManager): Promise<void> {
    return this.trail.addWithdrawals(tx, events.map(({ data }) => evidenceWithdrawalRowOf(data)));
  }

  @HandleEventBatch(EvidenceVerified, { consumer: 'evidence-verified' })
  onVerified(events: McpEvent<EvidenceVerifiedV1>[], tx: EntityManager): Promise<void> {
    return this.trail.addDecisions(tx, events.map(({ data }) => verificationDecisionRowOf(data)));
  }

  /** A refusal may arrive before the decision it names (another topic): the rows join when read. */
  @HandleEventBatch(DecisionRefused, { consumer: 'decision-refused' })
  onRefused(events: McpEvent<DecisionRefusedV1>[], tx: EntityManager): Promise<void> {
    return this.trail.addRefusals(tx, events.map(({ data }) => decisionRefusalRowOf(data)));
  }
}
