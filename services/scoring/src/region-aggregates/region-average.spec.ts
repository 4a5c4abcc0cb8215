import { AggregateUpdated, assertValidData } from '@mcp/contracts';
import { loadFramework } from '@mcp/master-data';
import { applyScoreDelta, bandsOf, computePemdaScore, openAggregate, scoreDelta } from '@mcp/mcp-domain';
import { randomUUID } from 'node:crypto';
import { aggregateUpdatedOf, areaSumsFromJson, areaSumsToJson } from './region-average';
import { regionAverageView } from './region-average.view';

const framework = loadFramework(2024);
const DECISION_IDS_BOUND = (AggregateUpdated.schema.properties as { decisionIds: { maxItems: number } }).decisionIds.maxItems;
const scoreOf = (values: Record<string, number>) => computePemdaScore(framework, new Map(Object.entries(values)));

// Jawa Barat (28 Pemda): Kota Bandung 1.33306668 (PRC.1.1 = 100: PRC = 11.108889) and the province
// 1.68 (PBJ.2.1 = 100: PBJ.2 = 30, PBJ = 40 × 30 / 100 = 12, total = 14 × 12 / 100 = 1.68); the 26
// others have no verified evidence and count 0. Sum 3.01306668 / 28 = 0.10760952428571…
const jawaBarat = [scoreOf({ 'PRC.1.1': 100 }), scoreOf({ 'PBJ.2.1': 100 })].reduce(
  (aggregate, score) => applyScoreDelta(aggregate, scoreDelta(null, score)),
  openAggregate(28),
);

describe('the average over every Pemda of the region', () => {
  it('makes an AggregateUpdated event its schema accepts, the average to 10 decimals half-up', () => {
    const data = aggregateUpdatedOf(
      { regionCode: '32', regionKind: 'province', year: 2024, aggregate: jawaBarat },
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
      // PRC: 11.108889 / 28; PBJ: 12 / 28 (as in the view below)
      areas: [
        { code: 'PBJ', scoreSum: '12', average: '0.4285714286' },
        { code: 'PRC', scoreSum: '11.108889', average: '0.3967460357' },
      ],
    });
  });

  it('shows the average and each area average rounded once, with their bands', () => {
    const view = regionAverageView(
      { regionCode: '32', regionKind: 'province', year: 2024, aggregate: jawaBarat },
      framework,
      bandsOf(framework),
      null,
    );
    expect(view).toMatchObject({ average: 0.11, averageExact: '0.1076095243', pemdaCount: 28, colourBand: 'red', asOf: null });
    // PRC: 11.108889 / 28 = 0.396746…; PBJ: 12 / 28 = 0.428571…; the others 0.
    expect(view.areas.slice(0, 3)).toEqual([
      { code: 'PRC', name: 'Perencanaan', average: 0.4, averageExact: '0.3967460357', colourBand: 'red' },
      { code: 'ANG', name: 'Penganggaran', average: 0, averageExact: '0.0000000000', colourBand: 'red' },
      { code: 'PBJ', name: 'Pengadaan Barang dan Jasa', average: 0.43, averageExact: '0.4285714286', colourBand: 'red' },
    ]);
  });

  it('names the decisions folded into the change, and none for a change no decision caused (docs/decisions.md #92)', () => {
    const totals = { regionCode: '32', regionKind: 'province' as const, year: 2024, aggregate: jawaBarat };
    const decisionIds = [randomUUID(), randomUUID()];
    const named = aggregateUpdatedOf(totals, new Date('2024-06-02T08:00:01.000Z'), decisionIds);
    expect(named.decisionIds).toEqual(decisionIds);
    expect(() => assertValidData(AggregateUpdated, named)).not.toThrow();
    expect(aggregateUpdatedOf(totals, new Date('2024-06-02T08:00:01.000Z'))).not.toHaveProperty('decisionIds');
  });

  it("takes as many decisions as the contract's bound on decisionIds, and refuses more", () => {
    const totals = { regionCode: 'national', regionKind: 'national' as const, year: 2024, aggregate: jawaBarat };
    const ids = (count: number) => Array.from({ length: count }, () => randomUUID());
    const at = new Date('2024-06-02T08:00:01.000Z');
    expect(() => assertValidData(AggregateUpdated, aggregateUpdatedOf(totals, at, ids(DECISION_IDS_BOUND)))).not.toThrow();
    expect(() => assertValidData(AggregateUpdated, aggregateUpdatedOf(totals, at, ids(DECISION_IDS_BOUND + 1)))).toThrow();
  });

  it('stores area sums as exact text and reads them back unchanged', () => {
    const json = areaSumsToJson(jawaBarat.areaSums);
    expect(json).toEqual({ PRC: '11.108889', PBJ: '12' });
    expect(areaSumsToJson(areaSumsFromJson(json))).toEqual(json);
  });
});
