import { Decimal } from './decimal';
import { exampleFramework } from './example-framework.fixture';
import { findSubIndicator, indexFramework, subIndicatorWeightInTotal } from './framework-index';
import { computePemdaScore } from './pemda-score';

const index = indexFramework(exampleFramework());

describe('indexFramework', () => {
  it('finds a sub-indicator with its indicator and area, and nothing for an unknown code', () => {
    const located = findSubIndicator(index, 'A.3.2');
    expect([located?.area.code, located?.indicator.code, located?.subIndicator.weight]).toEqual([
      'A',
      'A.3',
      60,
    ]);
    expect(findSubIndicator(index, 'A.9.9')).toBeUndefined();
  });

  it('gives each sub-indicator its share of the total', () => {
    // A.1.1: 60 × 33.33 × 50 / 10000 = 99990 / 10000 = 9.999
    // A.3.2: 60 × 33.34 × 60 / 10000 = 120024 / 10000 = 12.0024
    // B.1.3: 40 × 100 × 33.34 / 10000 = 133360 / 10000 = 13.336
    const share = (code: string) => {
      const located = findSubIndicator(index, code);
      if (!located) throw new Error(`${code} missing from the fixture`);
      return subIndicatorWeightInTotal(located).toString();
    };
    expect([share('A.1.1'), share('A.3.2'), share('B.1.3')]).toEqual([
      '9.999',
      '12.0024',
      '13.336',
    ]);
  });

  it('has shares that sum to exactly 100 and add up to the same total as the roll-up', () => {
    const values = new Map([
      ['A.1.1', 100],
      ['A.3.2', 50],
      ['B.1.3', 100],
      ['A.2.1', 75],
    ]);
    let shares = new Decimal(0);
    let contributions = new Decimal(0);
    for (const located of index.subIndicators.values()) {
      const share = subIndicatorWeightInTotal(located);
      shares = shares.plus(share);
      contributions = contributions.plus(
        share.times(values.get(located.subIndicator.code) ?? 0).dividedBy(100),
      );
    }
    expect(shares.toString()).toBe('100');
    // 9.999 + 12.0024×0.5 + 13.336 + 19.998×0.75 = 9.999 + 6.0012 + 13.336 + 14.9985 = 44.3347
    expect(contributions.toString()).toBe('44.3347');
    expect(computePemdaScore(index.framework, values).total.equals(contributions)).toBe(true);
  });
});
