import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Evidence } from '../evidence/evidence.entity';
import { lockSubmission, recordHistory } from './submission-item';
import { Submission } from './submission.entity';

/** Keeps the Pemda's view in step with verification's decisions (mcp.evidence.verified.v1). */
@Injectable()
export class SubmissionDecisions {
  async apply(decision: EvidenceVerifiedV1, manager: EntityManager): Promise<void> {
    const decidedAt = new Date(decision.decidedAt);
    const item = { pemdaCode: decision.pemdaCode, year: decision.year, subIndicatorCode: decision.subIndicatorCode };
    const submission = await lockSubmission(manager, item, decidedAt);
    // Decisions on one Pemda arrive in order (one partition per key); an older sequence is a
    // replay under a new id, and like scoring this view lets it change nothing.
    if (decision.sequence <= submission.decisionSequence) return;
    // The decision lists what the verifier judged; that includes evidence withdrawn while the task
    // was claimed (verification refuses such withdrawals), so the decision wins over `withdrawn`.
    await manager.update(
      Evidence,
      { id: In(decision.evidenceIds) },
      { status: decision.outcome, statusReason: decision.reason, updatedAt: decidedAt },
    );
    await manager.update(Submission, item, {
      decisionOutcome: decision.outcome,
      decisionReason: decision.reason,
      verifiedValue: decision.verifiedValue,
      decisionSequence: decision.sequence,
      updatedAt: decidedAt,
    });
    await recordHistory(manager, item, {
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
