import {
  claimedValuesOf,
  decisionsInForce,
  verifiedValuesOf,
  type ScoredDecision,
} from './decisions-in-force';
import type { Framework } from './framework';
import { computeClaimedScore, computePemdaScore, type PemdaScore } from './pemda-score';
import { applyScoreDelta, openAggregate, scoreDelta, type RegionAggregate } from './region-aggregate';

export interface RecomputedPemda<T extends ScoredDecision> {
  inForce: Map<string, T>;
  /** From verified values only. */
  score: PemdaScore;
  /** From the claims on the decided sub-indicators. */
  claimed: PemdaScore;
}

/** A Pemda's score from scratch: every decision it ever received, in any order, duplicates included. */
export function recomputePemda<T extends ScoredDecision>(
  framework: Framework,
  decisions: Iterable<T>,
): RecomputedPemda<T> {
  const inForce = decisionsInForce(decisions);
  const decided = [...inForce.values()];
  return {
    inForce,
    score: computePemdaScore(framework, verifiedValuesOf(decided)),
    claimed: computeClaimedScore(framework, claimedValuesOf(decided)),
  };
}

/**
 * Every region's aggregate summed afresh from the Pemda scores (the check the incremental deltas
 * must match). `pemdaCounts` holds every region's full Pemda count; Pemda without a score add 0.
 */
export function aggregatesFromScratch(
  scores: Iterable<{ regionCodes: readonly string[]; score: PemdaScore }>,
  pemdaCounts: ReadonlyMap<string, number>,
): Map<string, RegionAggregate> {
  const aggregates = new Map([...pemdaCounts].map(([code, count]) => [code, openAggregate(count)]));
  for (const { regionCodes, score } of scores) {
    const delta = scoreDelta(null, score);
    for (const code of regionCodes) {
      const aggregate = aggregates.get(code);
      if (aggregate === undefined) throw new RangeError(`Wilayah ${code} tidak ada dalam daftar jumlah Pemda`);
      aggregates.set(code, applyScoreDelta(aggregate, delta));
    }
  }
  return aggregates;
}
