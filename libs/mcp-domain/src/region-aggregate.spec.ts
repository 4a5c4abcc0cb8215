import { Decimal } from './decimal';
import { exampleFramework } from './example-framework.fixture';
import { computePemdaScore, type PemdaScore } from './pemda-score';
import {
  addScoreDeltas,
  applyScoreDelta,
  areaAverageOf,
  averageOf,
  openAggregate,
  sameAggregate,
  scoreDelta,
} from './region-aggregate';

const framework = exampleFramework();
const scoreOf = (values: Record<string, number>) =>
  computePemdaScore(framework, new Map(Object.entries(values)));
const areaSums = (sums: ReadonlyMap<string, Decimal>) =>
  Object.fromEntries([...sums].map(([code, sum]) => [code, sum.toString()]));

describe('scoreDelta', () => {
  it('adds a first score whole and a re-score by its difference, per area too', () => {
    // A.1.1 = 100: A.1 = 50, A = 33.33 × 50 / 100 = 16.665, total = 60 × 16.665 / 100 = 9.999
    const first = scoreOf({ 'A.1.1': 100 });
    const delta = scoreDelta(null, first);
    expect([delta.total.toString(), areaSums(delta.areas)]).toEqual(['9.999', { A: '16.665' }]);
    // Then B.1.1 = 50: B = 33.33 × 50 / 100 = 16.665, total += 40 × 16.665 / 100 = 6.666
    const second = scoreOf({ 'A.1.1': 100, 'B.1.1': 50 });
    const change = scoreDelta(first, second);
    expect([change.total.toString(), areaSums(change.areas)]).toEqual(['6.666', { B: '16.665' }]);
    // A rejection of B.1.1 takes it back out; an unchanged area is not in the delta at all.
    const back = scoreDelta(second, first);
    expect([back.total.toString(), areaSums(back.areas)]).toEqual(['-6.666', { B: '-16.665' }]);
  });

  it('moves an area sum from a code that a new framework revision dropped', () => {
    const before: PemdaScore = { total: new Decimal(10), areas: [{ code: 'OLD', score: new Decimal(40) }] };
    const after: PemdaScore = { total: new Decimal(12), areas: [{ code: 'NEW', score: new Decimal(48) }] };
    expect(areaSums(scoreDelta(before, after).areas)).toEqual({ OLD: '-40', NEW: '48' });
  });
});

describe('a region aggregate over every Pemda of the region', () => {
  it('averages over the fixed Pemda count, so an unscored Pemda counts 0 (decisions.md #9)', () => {
    // 28 Pemda; two scored: 80.5 and 60.25, the 26 others 0. Sum 140.75 / 28 = 5.026785714…
    let aggregate = openAggregate(28);
    aggregate = applyScoreDelta(aggregate, {
      total: new Decimal('80.5'),
      areas: new Map([['A', new Decimal(90)]]),
    });
    aggregate = applyScoreDelta(aggregate, {
      total: new Decimal('60.25'),
      areas: new Map([['A', new Decimal(10)]]),
    });
    expect([aggregate.sum.toString(), aggregate.pemdaCount]).toEqual(['140.75', 28]);
    expect(averageOf(aggregate).toFixed(10)).toBe('5.0267857143');
    expect(areaAverageOf(aggregate, 'A').toFixed(10)).toBe('3.5714285714'); // 100 / 28
    expect(areaAverageOf(aggregate, 'B').toString()).toBe('0');
  });

  it('drops an area whose sum comes back to 0, so a renamed area leaves no zero behind', () => {
    const scored: PemdaScore = { total: new Decimal(40), areas: [{ code: 'PRC', score: new Decimal(10) }, { code: 'PBJ', score: new Decimal(30) }] };
    // A revision renames PRC to PRN; the Pemda's score keeps its value under the new code.
    const renamed: PemdaScore = { total: new Decimal(40), areas: [{ code: 'PRN', score: new Decimal(10) }, { code: 'PBJ', score: new Decimal(30) }] };
    let aggregate = applyScoreDelta(openAggregate(2), scoreDelta(null, scored));
    aggregate = applyScoreDelta(aggregate, scoreDelta(scored, renamed));
    expect([...aggregate.areaSums.keys()].sort()).toEqual(['PBJ', 'PRN']);
    expect(aggregate.sum.toString()).toBe('40');
  });

  it('keeps a repeating average to 100 significant digits, rounded half up', () => {
    const aggregate = applyScoreDelta(openAggregate(3), { total: new Decimal(2), areas: new Map() });
    expect(averageOf(aggregate).toString()).toBe(`0.${'6'.repeat(99)}7`); // 2 / 3
  });

  it('refuses a region without Pemda', () => {
    expect(() => openAggregate(0)).toThrow(RangeError);
  });

  it('compares to the last decimal, an absent area equal to a zero one', () => {
    const withZero = { ...openAggregate(2), areaSums: new Map([['A', new Decimal(0)]]) };
    expect(sameAggregate(withZero, openAggregate(2))).toBe(true);
    const off = { ...openAggregate(2), sum: new Decimal('1e-30') };
    expect(sameAggregate(off, openAggregate(2))).toBe(false);
    expect(sameAggregate(openAggregate(2), openAggregate(3))).toBe(false);
  });
});

describe('addScoreDeltas', () => {
  it('adds totals and area changes code by code', () => {
    const a = { total: new Decimal('1.5'), areas: new Map([['A', new Decimal(3)]]) };
    const b = { total: new Decimal('-0.5'), areas: new Map([['A', new Decimal(-1)], ['B', new Decimal(2)]]) };
    const sum = addScoreDeltas(a, b);
    expect([sum.total.toString(), areaSums(sum.areas)]).toEqual(['1', { A: '2', B: '2' }]);
  });
});
