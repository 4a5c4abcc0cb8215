import { Decimal } from './decimal';
import { exampleFramework } from './example-framework.fixture';
import { computeClaimedScore, computePemdaScore, roundScore, scorableValues, unscorableValues } from './pemda-score';
import { ScoringInputError } from './scoring-input-error';

const framework = exampleFramework();

function scoreOf(values: Record<string, number>) {
  const score = computePemdaScore(framework, new Map(Object.entries(values)));
  return {
    total: score.total.toString(),
    areas: score.areas.map((area) => [area.code, area.score.toString()]),
  };
}

describe('computePemdaScore', () => {
  it('gives 0 everywhere before any evidence is verified', () => {
    expect(scoreOf({})).toEqual({
      total: '0',
      areas: [
        ['A', '0'],
        ['B', '0'],
      ],
    });
  });

  it('gives exactly 100 when everything is verified at 100, despite 33.33/33.33/33.34', () => {
    // A = 33.33×100/100 + 33.33×100/100 + 33.34×100/100 = 100; B = 100; total = 60 + 40 = 100.
    // In floats 33.33 + 33.33 + 33.34 is 99.99999999999999.
    const all = ['A.1.1', 'A.1.2', 'A.2.1', 'A.3.1', 'A.3.2', 'B.1.1', 'B.1.2', 'B.1.3'];
    expect(scoreOf(Object.fromEntries(all.map((code) => [code, 100])))).toEqual({
      total: '100',
      areas: [
        ['A', '100'],
        ['B', '100'],
      ],
    });
  });

  it('scores a Pemda with only some sub-indicators verified, to the last decimal', () => {
    // A.1 = 50×100/100 + 50×50/100 = 75
    // A.2 = 100×0/100 = 0 (verified at 0)
    // A.3 = (A.3.1 missing → 0) + 60×50/100 = 30
    // A   = 33.33×75/100 + 33.33×0/100 + 33.34×30/100 = 24.9975 + 0 + 10.002 = 34.9995
    // B.1 = 33.33×50/100 + (B.1.2 missing → 0) + 33.34×100/100 = 16.665 + 33.34 = 50.005 = B
    // total = 60×34.9995/100 + 40×50.005/100 = 20.9997 + 20.002 = 41.0017
    const score = scoreOf({
      'A.1.1': 100,
      'A.1.2': 50,
      'A.2.1': 0,
      'A.3.2': 50,
      'B.1.1': 50,
      'B.1.3': 100,
    });
    expect(score).toEqual({
      total: '41.0017',
      areas: [
        ['A', '34.9995'],
        ['B', '50.005'],
      ],
    });
  });

  it('uses the sub-indicator own rubric steps', () => {
    // A.2 = 100×25/100 = 25; A = 33.33×25/100 = 8.3325; total = 60×8.3325/100 = 4.9995
    expect(scoreOf({ 'A.2.1': 25 })).toEqual({
      total: '4.9995',
      areas: [
        ['A', '8.3325'],
        ['B', '0'],
      ],
    });
  });

  it('refuses a value off the rubric and a code from another framework', () => {
    expect(() => scoreOf({ 'A.1.1': 25 })).toThrow(ScoringInputError);
    expect(() => scoreOf({ 'A.1.1': 25 })).toThrow(
      'Nilai 25 untuk subindikator A.1.1 bukan salah satu nilai rubrik (0, 50, 100)',
    );
    expect(() => scoreOf({ 'A.1.1': 50, 'Z.9.9': 100 })).toThrow(
      'Subindikator Z.9.9 tidak ada dalam kerangka penilaian ini',
    );
  });
});

describe('roundScore', () => {
  it('rounds half up and always shows the decimals', () => {
    expect(roundScore(new Decimal('41.0017'))).toBe('41.00');
    expect(roundScore(new Decimal('90.945'))).toBe('90.95');
    expect(roundScore(new Decimal('84.7349999'))).toBe('84.73');
    expect(roundScore(new Decimal(0))).toBe('0.00');
    expect(roundScore(new Decimal('4.9995'), 3)).toBe('5.000');
    expect(roundScore(new Decimal('75.125'), 0)).toBe('75');
  });
});

describe('unscorableValues', () => {
  it('lists every value a revision cannot score, and nothing for values that fit', () => {
    expect(unscorableValues(framework, new Map([['A.1.1', 50], ['A.2.1', 25]]))).toEqual([]);
    expect(unscorableValues(framework, new Map([['A.1.1', 25], ['Z.9.9', 100], ['B.1.1', 100]]))).toEqual([
      { subIndicatorCode: 'A.1.1', message: 'Nilai 25 untuk subindikator A.1.1 bukan salah satu nilai rubrik (0, 50, 100)' },
      { subIndicatorCode: 'Z.9.9', message: 'Subindikator Z.9.9 tidak ada dalam kerangka penilaian ini' },
    ]);
  });
});

describe('computeClaimedScore', () => {
  it('rolls claims up like verified values, without the rubric check and leaving unknown codes out', () => {
    // A.2 = 100 × 30 / 100 = 30; A = 33.33 × 30 / 100 = 9.999; total = 60 × 9.999 / 100 = 5.9994
    const claimed = computeClaimedScore(framework, new Map([['A.2.1', 30], ['Z.9.9', 100]]));
    expect(claimed.total.toString()).toBe('5.9994');
  });
});

describe('scorableValues', () => {
  it('leaves out what the framework cannot score, so what only informs can still be computed', () => {
    const values = new Map([['A.1.1', 25], ['Z.9.9', 100], ['A.2.1', 50]]);
    expect(() => computePemdaScore(framework, values)).toThrow(ScoringInputError);
    expect([...scorableValues(framework, values)]).toEqual([['A.2.1', 50]]);
    expect(computePemdaScore(framework, scorableValues(framework, values)).total.toString()).toBe(computePemdaScore(framework, new Map([['A.2.1', 50]])).total.toString());
  });
});
