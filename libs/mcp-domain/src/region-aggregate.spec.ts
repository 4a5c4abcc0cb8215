import fc from 'fast-check';
import { Decimal } from './decimal';
import { exampleFramework } from './example-framework.fixture';
import { computePemdaScore } from './pemda-score';
import {
  applyScoreChange,
  averageOf,
  emptyAggregate,
  type RegionAggregate,
} from './region-aggregate';

describe('applyScoreChange', () => {
  it('adds an entering Pemda, replaces a re-scored one and averages over those counted', () => {
    let aggregate = emptyAggregate();
    aggregate = applyScoreChange(aggregate, null, new Decimal('80.5')); // sum 80.5, 1 Pemda
    aggregate = applyScoreChange(aggregate, null, new Decimal('60.25')); // sum 140.75, 2 Pemda
    aggregate = applyScoreChange(aggregate, new Decimal('80.5'), new Decimal('90')); // 140.75 − 80.5 + 90 = 150.25
    expect([aggregate.sum.toString(), aggregate.pemdaCount]).toEqual(['150.25', 2]);
    expect(averageOf(aggregate)?.toString()).toBe('75.125'); // 150.25 / 2
  });

  it('counts a Pemda scored 0 and leaves out one never scored', () => {
    const aggregate = applyScoreChange(
      applyScoreChange(emptyAggregate(), null, new Decimal(0)),
      null,
      new Decimal(90),
    );
    expect(averageOf(aggregate)?.toString()).toBe('45'); // (0 + 90) / 2
    expect(averageOf(emptyAggregate())).toBeNull();
  });

  it('keeps a repeating average to 100 significant digits, rounded half up', () => {
    const aggregate = [1, 1, 0].reduce<RegionAggregate>(
      (agg, total) => applyScoreChange(agg, null, new Decimal(total)),
      emptyAggregate(),
    );
    expect(averageOf(aggregate)?.toString()).toBe(`0.${'6'.repeat(99)}7`); // 2 / 3
  });

  it('refuses a previous score for an aggregate nobody has entered', () => {
    expect(() => applyScoreChange(emptyAggregate(), new Decimal(10), new Decimal(20))).toThrow(
      RangeError,
    );
  });
});

/** The full recompute the scoring service can run at any time: sum and count over current totals. */
function fromScratch(totals: ReadonlyMap<string, Decimal>): RegionAggregate {
  let sum = new Decimal(0);
  for (const total of totals.values()) sum = sum.plus(total);
  return { sum, pemdaCount: totals.size };
}

function expectSame(incremental: RegionAggregate, scratch: RegionAggregate): void {
  expect(incremental.sum.toString()).toBe(scratch.sum.toString());
  expect(incremental.pemdaCount).toBe(scratch.pemdaCount);
}

describe('applyScoreChange property: delta equals recompute', () => {
  const pemdaCodes = ['11', '11.01', '11.71', '31', '64.72', '94.01'];

  it('holds for any sequence of totals, with repeats and re-scoring', () => {
    // Up to 24 decimals, as products of 6-decimal weights produce: more than decimal.js's default
    // 20 significant digits could hold, which is what this property guards.
    const total = fc
      .bigInt({ min: 0n, max: 100n * 10n ** 24n })
      .map((n) => new Decimal(n.toString()).dividedBy('1e24'));
    const change = fc.record({ pemdaCode: fc.constantFrom(...pemdaCodes), total });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 200 }), (changes) => {
        const current = new Map<string, Decimal>();
        let aggregate = emptyAggregate();
        for (const { pemdaCode, total: newTotal } of changes) {
          aggregate = applyScoreChange(aggregate, current.get(pemdaCode) ?? null, newTotal);
          current.set(pemdaCode, newTotal);
        }
        expectSame(aggregate, fromScratch(current));
      }),
      { numRuns: 300 },
    );
  });

  it('holds end to end: each verification re-scores its Pemda, the aggregate follows by delta', () => {
    const framework = exampleFramework();
    const subIndicators = framework.areas.flatMap((area) =>
      area.indicators.flatMap((indicator) => indicator.subIndicators),
    );
    const verification = fc
      .record({
        pemdaCode: fc.constantFrom(...pemdaCodes),
        subIndex: fc.nat({ max: subIndicators.length - 1 }),
        step: fc.nat(),
      })
      .map(({ pemdaCode, subIndex, step }) => {
        const subIndicator = subIndicators[subIndex];
        return {
          pemdaCode,
          code: subIndicator.code,
          value: subIndicator.rubricSteps[step % subIndicator.rubricSteps.length],
        };
      });
    fc.assert(
      fc.property(fc.array(verification, { maxLength: 150 }), (verifications) => {
        const values = new Map<string, Map<string, number>>();
        const totals = new Map<string, Decimal>();
        let aggregate = emptyAggregate();
        for (const { pemdaCode, code, value } of verifications) {
          const pemdaValues = values.get(pemdaCode) ?? new Map<string, number>();
          values.set(pemdaCode, pemdaValues.set(code, value));
          const newTotal = computePemdaScore(framework, pemdaValues).total;
          aggregate = applyScoreChange(aggregate, totals.get(pemdaCode) ?? null, newTotal);
          totals.set(pemdaCode, newTotal);
        }
        const recomputed = new Map(
          [...values].map(([pemdaCode, pemdaValues]) => [
            pemdaCode,
            computePemdaScore(framework, pemdaValues).total,
          ]),
        );
        expectSame(aggregate, fromScratch(recomputed));
      }),
      { numRuns: 200 },
    );
  });
});
