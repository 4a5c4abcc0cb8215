import { AggregateUpdated, assertValidData } from '@mcp/contracts';
import { loadFramework } from '@mcp/master-data';
import { computePemdaScore, Decimal } from '@mcp/mcp-domain';
import { aggregateUpdatedOf, averageText, scoreDelta } from './region-average';
import { regionAverageView } from './region-average.view';

const framework = loadFramework(2024);
const totalOf = (values: Record<string, number>) => computePemdaScore(framework, new Map(Object.entries(values))).total;

describe('scoreDelta', () => {
  it('adds a first score whole, and a re-score by its difference', () => {
    // Kota Bandung, 2024: PRC.1.1 = 100 gives 12 × (33.33 × 33.33 / 100) / 100 = 1.33306668.
    const first = totalOf({ 'PRC.1.1': 100 });
    expect(scoreDelta(null, first).toFixed()).toBe('1.33306668');
    // Then ANG.1.1 = 50 adds 13 × (40 × 25 / 100) / 100 = 1.3 → 2.63306668.
    const second = totalOf({ 'PRC.1.1': 100, 'ANG.1.1': 50 });
    expect(scoreDelta(first, second).toFixed()).toBe('1.3');
    // A later rejection of ANG.1.1 takes the 1.3 back out.
    expect(scoreDelta(second, first).toFixed()).toBe('-1.3');
  });
});

describe('the average over every Pemda of the region', () => {
  // Jawa Barat (28 Pemda): Kota Bandung 1.33306668 (PRC.1.1 = 100) and the province 1.68
  // (PBJ.2.1 = 100: PBJ.2 = 30, PBJ = 40 × 30 / 100 = 12, total = 14 × 12 / 100 = 1.68); the 26
  // others have no verified evidence and count 0. Sum 3.01306668 / 28 = 0.10760952428571…
  const sum = totalOf({ 'PRC.1.1': 100 }).plus(totalOf({ 'PBJ.2.1': 100 }));

  it('is published to 10 decimals, rounded half-up', () => {
    expect(sum.toFixed()).toBe('3.01306668');
    expect(averageText(sum, 28)).toBe('0.1076095243');
    expect(averageText(sum, 546)).toBe('0.0055184371'); // 0.00551843714…
    expect(averageText(new Decimal(2), 3)).toBe('0.6666666667');
    expect(averageText(new Decimal(0), 546)).toBe('0.0000000000');
  });

  it('makes an AggregateUpdated event its schema accepts', () => {
    const data = aggregateUpdatedOf(
      { regionCode: '32', regionKind: 'province', year: 2024, scoreSum: sum, pemdaCount: 28 },
      new Date('2024-06-02T08:00:01.000Z'),
    );
    expect(() => assertValidData(AggregateUpdated, data)).not.toThrow();
    expect(data).toEqual({
      regionCode: '32',
      regionKind: 'province',
      year: 2024,
      average: '0.1076095243',
      scoreSum: '3.01306668',
      pemdaCount: 28,
      updatedAt: '2024-06-02T08:00:01.000Z',
    });
  });

  it('shows a number rounded once from the full mean, beside the 10-decimal text', () => {
    // 100 / 546 = 0.18315018315… → 0.18; to 10 decimals 0.1831501832.
    const view = regionAverageView({
      regionCode: 'national',
      regionKind: 'national',
      year: 2024,
      scoreSum: new Decimal(100),
      pemdaCount: 546,
    });
    expect(view).toEqual({
      regionCode: 'national',
      regionKind: 'national',
      year: 2024,
      average: 0.18,
      averageExact: '0.1831501832',
      pemdaCount: 546,
    });
  });
});
