import {
  EvidenceSubmitted,
  EvidenceVerified,
  EvidenceWithdrawn,
  type EvidenceSubmittedV1,
  type EvidenceVerifiedV1,
  type EvidenceWithdrawnV1,
  type McpEvent,
} from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { evidenceUploadRowOf, evidenceWithdrawalRowOf, verificationDecisionRowOf } from './evidence-trail-rows';
import { EvidenceTrailRepository } from './evidence-trail.repository';

/**
 * Feeds the evidence trail: uploads, withdrawals and decisions, each kept as its event said. The
 * rebuild CLI writes the same rows through the same repository.
 */
@Injectable()
export class EvidenceTrailEvents {
  constructor(private readonly trail: EvidenceTrailRepository) {}

  @HandleEvent(EvidenceSubmitted, { consumer: 'evidence-submitted' })
  onSubmitted({ data }: McpEvent<EvidenceSubmittedV1>, tx: EntityManager): Promise<void> {
    return this.trail.addUploads(tx, [evidenceUploadRowOf(data)]);
  }

  @HandleEvent(EvidenceWithdrawn, { consumer: 'evidence-withdrawn' })
  onWithdrawn({ data }: McpEvent<EvidenceWithdrawnV1>, tx: EntityManager): Promise<void> {
    return this.trail.addWithdrawals(tx, [evidenceWithdrawalRowOf(data)]);
  }

  @HandleEvent(EvidenceVerified, { consumer: 'evidence-verified' })
  onVerified({ data }: McpEvent<EvidenceVerifiedV1>, tx: EntityManager): Promise<void> {
    return this.trail.addDecisions(tx, [verificationDecisionRowOf(data)]);
  }
}
