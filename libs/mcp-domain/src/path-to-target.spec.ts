import fc from 'fast-check';
import { Decimal } from './decimal';
import { exampleFramework } from './example-framework.fixture';
import { pathToTarget } from './path-to-target';
import { computePemdaScore } from './pemda-score';

const framework = exampleFramework();
/*
 * Shares of the total (areaW × indW × subW / 10000):
 *   A.1.1, A.1.2: 9.999   A.2.1: 19.998   A.3.1: 8.0016   A.3.2: 12.0024
 *   B.1.1, B.1.2: 13.332  B.1.3: 13.336
 */
function pathFor(values: Record<string, number>, target: number) {
  const verified = new Map(Object.entries(values));
  return pathToTarget(framework, verified, computePemdaScore(framework, verified).total, target);
}

describe('pathToTarget', () => {
  it('ranks open sub-indicators by gain and takes the fewest that reach the target', () => {
    // A.2.1 at 50 still has 19.998 × 50 / 100 = 9.999 to gain; total now 9.999 + 9.999 = 19.998.
    const path = pathFor({ 'A.2.1': 50, 'A.1.1': 100 }, 50);
    expect(path.open.map((item) => [item.code, item.gain.toFixed()])).toEqual([
      ['B.1.3', '13.336'],
      ['B.1.1', '13.332'],
      ['B.1.2', '13.332'],
      ['A.3.2', '12.0024'],
      ['A.1.2', '9.999'],
      ['A.2.1', '9.999'],
      ['A.3.1', '8.0016'],
    ]);
    // 19.998 + 13.336 = 33.334; + 13.332 = 46.666; + 13.332 = 59.998 ≥ 50: three items.
    expect(path.priority.map((item) => item.code)).toEqual(['B.1.3', 'B.1.1', 'B.1.2']);
    expect([path.gap.toFixed(), path.totalAfterPriority.toFixed(), path.reachable]).toEqual(['30.002', '59.998', true]);
  });

  it('needs nothing when the target is met, and says when it cannot be reached', () => {
    expect(pathFor({ 'A.2.1': 100 }, 10).priority).toEqual([]);
    expect(pathFor({ 'A.2.1': 100 }, 10).gap.toFixed()).toBe('0');
    const all = pathFor({}, 100.5);
    expect([all.reachable, all.priority.length, all.totalAfterPriority.toFixed()]).toEqual([false, 8, '100']);
  });

  it('is never beaten by another set of fewer items (exhaustive check over the 8 sub-indicators)', () => {
    const codes = ['A.1.1', 'A.1.2', 'A.2.1', 'A.3.1', 'A.3.2', 'B.1.1', 'B.1.2', 'B.1.3'];
    const valuesArbitrary = fc.record(Object.fromEntries(codes.map((code) => [code, fc.constantFrom(0, 50, 100)])));
    fc.assert(
      fc.property(valuesArbitrary, fc.integer({ min: 1, max: 100 }), (values, target) => {
        const path = pathFor(values, target);
        if (!path.reachable) return;
        // Any set of size priority.length − 1 must fall short of the target.
        const gains = path.open.map((item) => item.gain);
        const best = bestSumOfSize(gains, path.priority.length - 1);
        expect(path.total.plus(best).lessThan(target) || path.priority.length === 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

/** The largest sum of any `size` gains, by trying every subset (the brute force greedy must match). */
function bestSumOfSize(gains: Decimal[], size: number): Decimal {
  let best = new Decimal(-1);
  for (let mask = 0; mask < 1 << gains.length; mask++) {
    const members = gains.filter((_, i) => mask & (1 << i));
    if (members.length !== size) continue;
    const sum = members.reduce((total, gain) => total.plus(gain), new Decimal(0));
    if (sum.greaterThan(best)) best = sum;
  }
  return best;
}
