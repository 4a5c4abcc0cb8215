import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { SubmissionHistoryRepository } from '../submission-records/submission-history.repository';
import { SubmissionRepository } from '../submission-records/submission.repository';

/** Keeps the Pemda's view in step with verification's decisions (mcp.evidence.verified.v1). */
@Injectable()
export class SubmissionDecisions {
  constructor(
    private readonly submissions: SubmissionRepository,
    private readonly history: SubmissionHistoryRepository,
    private readonly evidence: EvidenceRepository,
  ) {}

  async apply(decision: EvidenceVerifiedV1, manager: EntityManager): Promise<void> {
    const decidedAt = new Date(decision.decidedAt);
    const item = { pemdaCode: decision.pemdaCode, year: decision.year, subIndicatorCode: decision.subIndicatorCode };
    const submission = await this.submissions.lock(manager, item, decidedAt);
    // Decisions on one Pemda arrive in order (one partition per key); an older sequence is a
    // replay under a new id, and like scoring this view lets it change nothing.
    if (decision.sequence <= submission.decisionSequence) return;
    // The decision lists what the verifier judged; that includes evidence withdrawn while the task
    // was claimed (verification refuses such withdrawals), so the decision wins over `withdrawn`.
    await this.evidence.applyDecision(manager, decision.evidenceIds, decision.outcome, decision.reason, decidedAt);
    await this.submissions.applyDecision(manager, item, {
      outcome: decision.outcome,
      reason: decision.reason,
      verifiedValue: decision.verifiedValue,
      sequence: decision.sequence,
      decidedAt,
    });
    await this.history.record(manager, item, {
      kind: 'decided',
      actor: decision.decidedBy,
      occurredAt: decidedAt,
      outcome: decision.outcome,
      verifiedValue: decision.verifiedValue,
      claimedValue: decision.claimedValue,
      reason: decision.reason,
    });
  }
}
