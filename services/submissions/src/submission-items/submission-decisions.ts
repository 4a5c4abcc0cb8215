import type { EvidenceVerifiedV1, VerificationOutcome } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EvidenceRepository } from '../evidence/evidence.repository';
import type { HistoryEntry } from '../submission-records/submission-history.repository';
import { SubmissionHistoryRepository } from '../submission-records/submission-history.repository';
import { itemKeyText, SubmissionRepository, type DecisionInForce, type SubmissionItemKey } from '../submission-records/submission.repository';

/** What a batch of decisions changes, worked out before any write (`planDecisions`). */
export interface DecisionsPlan {
  /** Per evidence file, the outcome of the last decision in the batch that judged it. */
  evidence: { id: string; outcome: VerificationOutcome; reason: string | null; at: Date }[];
  /** Per item, the newest decision of the batch, now in force. */
  submissions: { item: SubmissionItemKey; decision: DecisionInForce }[];
  /** One `decided` entry per decision applied, in offset order. */
  history: { item: SubmissionItemKey; entry: HistoryEntry }[];
}

const itemOf = (decision: EvidenceVerifiedV1): SubmissionItemKey => ({
  pemdaCode: decision.pemdaCode,
  year: decision.year,
  subIndicatorCode: decision.subIndicatorCode,
});

/**
 * The batch applied as one decision after another would apply it: a decision whose sequence is not
 * above the one in force for its item (counting those applied before it in the batch) is a replay
 * under a new id and changes nothing, as in scoring; of the rest, the last word on an evidence file
 * or an item is the one that stays.
 */
export function planDecisions(decisions: readonly EvidenceVerifiedV1[], sequenceInForce: ReadonlyMap<string, number>): DecisionsPlan {
  const sequences = new Map(sequenceInForce);
  const evidence = new Map<string, DecisionsPlan['evidence'][number]>();
  const submissions = new Map<string, DecisionsPlan['submissions'][number]>();
  const history: DecisionsPlan['history'] = [];
  for (const decision of decisions) {
    const item = itemOf(decision);
    const key = itemKeyText(item);
    if (decision.sequence <= (sequences.get(key) ?? 0)) continue;
    sequences.set(key, decision.sequence);
    const decidedAt = new Date(decision.decidedAt);
    // The decision lists what the verifier judged; that includes evidence withdrawn while the task
    // was claimed (verification refuses such withdrawals), so the decision wins over `withdrawn`.
    for (const id of decision.evidenceIds) {
      evidence.delete(id); // re-inserted last: the map's order is the order the words were said
      evidence.set(id, { id, outcome: decision.outcome, reason: decision.reason, at: decidedAt });
    }
    submissions.set(key, {
      item,
      decision: { outcome: decision.outcome, reason: decision.reason, verifiedValue: decision.verifiedValue, sequence: decision.sequence, decidedAt },
    });
    history.push({
      item,
      entry: {
        kind: 'decided',
        actor: decision.decidedBy,
        occurredAt: decidedAt,
        outcome: decision.outcome,
        verifiedValue: decision.verifiedValue,
        claimedValue: decision.claimedValue,
        reason: decision.reason,
      },
    });
  }
  return { evidence: [...evidence.values()], submissions: [...submissions.values()], history };
}

/** Keeps the Pemda's view in step with verification's decisions (mcp.evidence.verified.v1). */
@Injectable()
export class SubmissionDecisions {
  constructor(
    private readonly submissions: SubmissionRepository,
    private readonly history: SubmissionHistoryRepository,
    private readonly evidence: EvidenceRepository,
  ) {}

  /**
   * A batch of decisions in five statements whatever its size (docs/decisions.md #101): the items'
   * rows locked, then evidence, items and history each written once. Decisions on one Pemda arrive
   * in order (one partition per key), and the batch is applied as that order would.
   */
  async applyAll(decisions: readonly EvidenceVerifiedV1[], manager: EntityManager): Promise<void> {
    if (decisions.length === 0) return;
    // An item's row, if it must be made, is dated by its first decision, as the one-by-one path did.
    const items = new Map<string, SubmissionItemKey & { now: Date }>();
    for (const decision of decisions) {
      const item = itemOf(decision);
      const key = itemKeyText(item);
      if (!items.has(key)) items.set(key, { ...item, now: new Date(decision.decidedAt) });
    }
    const plan = planDecisions(decisions, await this.submissions.lockAll(manager, [...items.values()]));
    await this.evidence.applyDecisions(manager, plan.evidence);
    await this.submissions.applyDecisions(manager, plan.submissions);
    await this.history.recordForItems(manager, plan.history);
  }
}
