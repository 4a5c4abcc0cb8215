import type { ScoredDecision } from './decisions-in-force';
import { exampleFramework } from './example-framework.fixture';
import type { Framework } from './framework';
import { aggregatesFromScratch, recomputePemda } from './recompute';
import { applyScoreDelta, averageOf, openAggregate, scoreDelta } from './region-aggregate';

const decision = (code: string, sequence: number, fields: Partial<ScoredDecision>): ScoredDecision => ({
  decisionId: `00000000-0000-4000-8000-0000000000${String(sequence).padStart(2, '0')}`,
  subIndicatorCode: code,
  outcome: 'approved',
  verifiedValue: 100,
  claimedValue: 100,
  sequence,
  ...fields,
});

describe('recomputePemda', () => {
  it('scores the decisions in force: a revised decision replaces, a rejection counts 0', () => {
    // A.1.1: 50 then revised to 100 → 100. A.3.2: 100 then rejected → 0. B.1.1: 50.
    // A.1 = 50 × 100 / 100 = 50; A = 33.33 × 50 / 100 = 16.665; B = 33.33 × 50 / 100 = 16.665
    // total = 60 × 16.665 / 100 + 40 × 16.665 / 100 = 9.999 + 6.666 = 16.665
    const { score, claimed } = recomputePemda(exampleFramework(), [
      decision('A.1.1', 2, { verifiedValue: 100 }),
      decision('A.3.2', 1, { verifiedValue: 100 }),
      decision('A.1.1', 1, { verifiedValue: 50 }),
      decision('B.1.1', 3, { verifiedValue: 50, claimedValue: 100 }),
      decision('A.3.2', 4, { outcome: 'rejected', verifiedValue: null, claimedValue: 100 }),
    ]);
    expect(score.total.toFixed()).toBe('16.665');
    // Claims: A.1.1 100, A.3.2 100, B.1.1 100. A = 33.33×50/100 + 33.34×60/100 = 16.665 + 20.004 = 36.669;
    // B = 33.33; total = 60 × 36.669 / 100 + 40 × 33.33 / 100 = 22.0014 + 13.332 = 35.3334
    expect(claimed.total.toFixed()).toBe('35.3334');
  });

  it('re-scores against a framework revision published mid-year, and the region follows by delta', () => {
    const r1 = exampleFramework();
    // Revision 2 moves 10 points of weight from area A to area B.
    const r2: Framework = {
      ...r1,
      revision: 2,
      areas: [
        { ...r1.areas[0], weight: 50 },
        { ...r1.areas[1], weight: 50 },
      ],
    };
    const decisions = [decision('A.2.1', 1, { verifiedValue: 75 }), decision('B.1.3', 1, { verifiedValue: 100 })];
    // A.2 = 75, A = 33.33 × 75 / 100 = 24.9975, B = 33.34
    // r1: 60 × 24.9975 / 100 + 40 × 33.34 / 100 = 14.9985 + 13.336 = 28.3345
    // r2: 50 × 24.9975 / 100 + 50 × 33.34 / 100 = 12.49875 + 16.67 = 29.16875
    const before = recomputePemda(r1, decisions).score;
    const after = recomputePemda(r2, decisions).score;
    expect([before.total.toFixed(), after.total.toFixed()]).toEqual(['28.3345', '29.16875']);

    const region = applyScoreDelta(applyScoreDelta(openAggregate(4), scoreDelta(null, before)), scoreDelta(before, after));
    const scratch = aggregatesFromScratch([{ regionCodes: ['11'], score: after }], new Map([['11', 4]]));
    expect(region.sum.toFixed()).toBe('29.16875');
    expect(averageOf(region).toFixed()).toBe(averageOf(scratch.get('11') ?? openAggregate(1)).toFixed()); // 7.2921875
    expect(averageOf(region).toFixed()).toBe('7.2921875');
  });

  it('gives 0 everywhere to a Pemda without decisions', () => {
    const { score } = recomputePemda(exampleFramework(), []);
    expect([score.total.toFixed(), score.areas.map((area) => area.score.toFixed())]).toEqual(['0', ['0', '0']]);
  });
});

describe('aggregatesFromScratch', () => {
  it('refuses a Pemda in a region that has no count', () => {
    const { score } = recomputePemda(exampleFramework(), []);
    expect(() => aggregatesFromScratch([{ regionCodes: ['99'], score }], new Map())).toThrow(RangeError);
  });
});
