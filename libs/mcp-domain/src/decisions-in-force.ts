import type { DecisionOutcome } from './vocabulary';

/** What scoring needs of one verification decision on one Pemda × year × sub-indicator. */
export interface ScoredDecision {
  decisionId: string;
  subIndicatorCode: string;
  outcome: DecisionOutcome;
  /** `nilai_verifikasi`; only an approval has one. */
  verifiedValue: number | null;
  /** `nilai`, the Pemda's own claim, when it gave one. */
  claimedValue: number | null;
  /** Grows with every decision on the same item (the verification service numbers them). */
  sequence: number;
}

/**
 * Whether `incoming` replaces `current` as the decision in force: the higher sequence wins, and
 * equal sequences are ordered by decision id so the winner never depends on arrival order. The
 * same decision delivered twice supersedes nothing. The scoring service's upsert compares
 * `(sequence, decision_id)` in SQL the same way.
 */
export function supersedes(incoming: ScoredDecision, current: ScoredDecision | undefined): boolean {
  if (current === undefined) return true;
  if (incoming.sequence !== current.sequence) return incoming.sequence > current.sequence;
  return incoming.decisionId.toLowerCase() > current.decisionId.toLowerCase();
}

/** The decision in force per sub-indicator, whatever order (and however often) they arrived in. */
export function decisionsInForce<T extends ScoredDecision>(decisions: Iterable<T>): Map<string, T> {
  const inForce = new Map<string, T>();
  for (const decision of decisions) {
    if (supersedes(decision, inForce.get(decision.subIndicatorCode))) {
      inForce.set(decision.subIndicatorCode, decision);
    }
  }
  return inForce;
}

/**
 * The input of computePemdaScore: only an approval in force counts. A rejection or a revision
 * request has no verified value and scores 0, so it is left out (the framework treats a missing
 * sub-indicator as 0).
 */
export function verifiedValuesOf(inForce: Iterable<ScoredDecision>): Map<string, number> {
  const verified = new Map<string, number>();
  for (const decision of inForce) {
    if (decision.outcome === 'approved' && decision.verifiedValue !== null) {
      verified.set(decision.subIndicatorCode, decision.verifiedValue);
    }
  }
  return verified;
}

/** The Pemda's own claims on the decided sub-indicators, whatever the outcome. */
export function claimedValuesOf(inForce: Iterable<ScoredDecision>): Map<string, number> {
  const claimed = new Map<string, number>();
  for (const decision of inForce) {
    if (decision.claimedValue !== null) claimed.set(decision.subIndicatorCode, decision.claimedValue);
  }
  return claimed;
}
