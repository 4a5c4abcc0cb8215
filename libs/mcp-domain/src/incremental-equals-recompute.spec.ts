import fc from 'fast-check';
import { decisionsInForce, supersedes, verifiedValuesOf, type ScoredDecision } from './decisions-in-force';
import { exampleFramework } from './example-framework.fixture';
import { computePemdaScore, type PemdaScore } from './pemda-score';
import { aggregatesFromScratch, recomputePemda } from './recompute';
import {
  applyScoreDelta,
  averageOf,
  openAggregate,
  sameAggregate,
  scoreDelta,
  type RegionAggregate,
} from './region-aggregate';

/*
 * Done-when 2: whatever the order decisions arrive in (per Pemda and across Pemda), and however
 * often each is delivered, the scores and aggregates kept by delta equal a full recompute to the
 * last decimal. The framework has the non-round weights (33.33/33.33/33.34) floats get wrong.
 */
const framework = exampleFramework();
const subIndicators = framework.areas.flatMap((area) =>
  area.indicators.flatMap((indicator) => indicator.subIndicators),
);
// Two provinces (3 and 2 Pemda, more in the count than ever get a decision) and the nation.
const pemdaRegions = new Map([
  ['11', ['11', 'national']],
  ['11.01', ['11', 'national']],
  ['11.71', ['11', 'national']],
  ['64', ['64', 'national']],
  ['64.72', ['64', 'national']],
]);
const pemdaCounts = new Map([
  ['11', 24],
  ['64', 11],
  ['national', 546],
]);

interface Decision extends ScoredDecision {
  pemdaCode: string;
}

const decisionArbitrary: fc.Arbitrary<Decision> = fc
  .record({
    pemdaCode: fc.constantFrom(...pemdaRegions.keys()),
    subIndex: fc.nat({ max: subIndicators.length - 1 }),
    // A small range, so the same item gets several decisions and some share a sequence.
    sequence: fc.integer({ min: 1, max: 4 }),
    outcome: fc.constantFrom('approved', 'approved', 'rejected', 'revision_requested' as const),
    step: fc.nat(),
    claim: fc.option(fc.nat(), { nil: null }),
    decisionId: fc.uuid(),
  })
  .map(({ pemdaCode, subIndex, sequence, outcome, step, claim, decisionId }) => {
    const sub = subIndicators[subIndex];
    const stepOf = (n: number) => sub.rubricSteps[n % sub.rubricSteps.length];
    return {
      pemdaCode,
      decisionId,
      subIndicatorCode: sub.code,
      outcome,
      verifiedValue: outcome === 'approved' ? stepOf(step) : null,
      claimedValue: claim === null ? null : stepOf(claim),
      sequence,
    } as Decision;
  });

/** A decision id names one decision: two different decisions never share it. */
const decisionsArbitrary = (maxLength: number) =>
  fc.uniqueArray(decisionArbitrary, { maxLength, selector: (decision) => decision.decisionId });

/** Some decisions, then a delivery order: any permutation of them plus redeliveries. */
const deliveryArbitrary = decisionsArbitrary(120)
  .chain((decisions) =>
    fc
      .array(fc.nat({ max: Math.max(decisions.length - 1, 0) }), { maxLength: decisions.length === 0 ? 0 : 30 })
      .chain((repeats) =>
        fc.shuffledSubarray([...decisions, ...repeats.map((i) => decisions[i])], {
          minLength: decisions.length + repeats.length,
        }),
      )
      .map((delivered) => ({ decisions, delivered })),
  );

/** What the scoring service does per event: latest decision wins, re-score, move regions by delta. */
function incremental(delivered: Decision[]) {
  const inForce = new Map<string, Map<string, Decision>>();
  const scores = new Map<string, PemdaScore>();
  const aggregates = new Map([...pemdaCounts].map(([code, count]) => [code, openAggregate(count)]));
  for (const decision of delivered) {
    const items = inForce.get(decision.pemdaCode) ?? new Map<string, Decision>();
    inForce.set(decision.pemdaCode, items);
    if (!supersedes(decision, items.get(decision.subIndicatorCode))) continue;
    items.set(decision.subIndicatorCode, decision);
    const score = computePemdaScore(framework, verifiedValuesOf(items.values()));
    const delta = scoreDelta(scores.get(decision.pemdaCode) ?? null, score);
    scores.set(decision.pemdaCode, score);
    for (const region of pemdaRegions.get(decision.pemdaCode) ?? []) {
      aggregates.set(region, applyScoreDelta(aggregates.get(region) as RegionAggregate, delta));
    }
  }
  return { scores, aggregates };
}

/** What the recompute command does: every decision ever received, grouped per Pemda, from scratch. */
function fromScratch(decisions: Decision[]) {
  const byPemda = new Map<string, Decision[]>();
  for (const decision of decisions) {
    byPemda.set(decision.pemdaCode, [...(byPemda.get(decision.pemdaCode) ?? []), decision]);
  }
  const scores = new Map(
    [...byPemda].map(([pemdaCode, own]) => [pemdaCode, recomputePemda(framework, own).score]),
  );
  const aggregates = aggregatesFromScratch(
    [...scores].map(([pemdaCode, score]) => ({ regionCodes: pemdaRegions.get(pemdaCode) ?? [], score })),
    pemdaCounts,
  );
  return { scores, aggregates };
}

const exact = (score: PemdaScore) => [score.total.toFixed(), ...score.areas.map((area) => area.score.toFixed())];

describe('applying decisions incrementally equals a full recompute', () => {
  it('holds for any decisions in any order with redeliveries, to the last decimal', () => {
    fc.assert(
      fc.property(deliveryArbitrary, ({ decisions, delivered }) => {
        const kept = incremental(delivered);
        const scratch = fromScratch(decisions);
        expect([...kept.scores.keys()].sort()).toEqual([...scratch.scores.keys()].sort());
        for (const [pemdaCode, score] of kept.scores) {
          expect(exact(score)).toEqual(exact(scratch.scores.get(pemdaCode) as PemdaScore));
        }
        for (const [region, aggregate] of kept.aggregates) {
          const recomputed = scratch.aggregates.get(region) as RegionAggregate;
          expect(sameAggregate(aggregate, recomputed)).toBe(true);
          expect(averageOf(aggregate).toString()).toBe(averageOf(recomputed).toString());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('picks the same decision in force whatever the order, ties broken by decision id', () => {
    fc.assert(
      fc.property(decisionsArbitrary(40), fc.nat(), (decisions, seed) => {
        const reversed = [...decisions].reverse();
        const rotated = decisions.map((_, i) => decisions[(i + seed) % decisions.length]);
        const ids = (list: Decision[]) =>
          [...decisionsInForce(list.filter((d) => d.pemdaCode === '11'))].map(([code, d]) => [code, d.decisionId]).sort();
        expect(ids(reversed)).toEqual(ids(decisions));
        expect(ids(rotated)).toEqual(ids(decisions));
      }),
      { numRuns: 300 },
    );
  });
});
