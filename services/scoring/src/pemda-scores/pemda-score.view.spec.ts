import { loadFramework } from '@mcp/master-data';
import { bandsOf, computePemdaScore, Decimal } from '@mcp/mcp-domain';
import { pemdaScoreView, storedAreaScores, unscoredScore, type ScoreContext } from './pemda-score.view';

const framework = loadFramework(2024);
const national: ScoreContext = { bands: bandsOf(framework), target: { value: new Decimal(75), source: 'national' }, asOf: null };

describe('a Pemda score for display', () => {
  // PRC.1.1 = 100 and ANG.1.1 = 50: PRC = 11.108889, ANG = 10, total = 2.63306668 (see decision-scoring.spec).
  const score = computePemdaScore(
    framework,
    new Map([
      ['PRC.1.1', 100],
      ['ANG.1.1', 50],
    ]),
  );
  const areas = storedAreaScores(framework, score);
  const stored = {
    pemdaCode: '32.73',
    year: 2024,
    frameworkRevision: 1,
    total: '2.63306668',
    areas,
    // Claimed 100 on both: ANG adds 13 × (40 × 50 / 100) / 100 = 2.6 instead of 1.3.
    claimedTotal: '3.93306668',
    claimedAreas: areas,
    changedAt: new Date('2024-06-02T08:00:01.000Z'),
  };

  it('rounds the exact scores half-up to 2 decimals and keeps the exact text beside them', () => {
    expect(areas.slice(0, 3)).toEqual([
      { code: 'PRC', name: 'Perencanaan', score: '11.108889' },
      { code: 'ANG', name: 'Penganggaran', score: '10' },
      { code: 'PBJ', name: 'Pengadaan Barang dan Jasa', score: '0' },
    ]);
    const view = pemdaScoreView(stored, national);
    expect(view).toMatchObject({
      pemdaCode: '32.73',
      year: 2024,
      frameworkRevision: 1,
      total: 2.63,
      totalExact: '2.63306668',
      changedAt: '2024-06-02T08:00:01.000Z',
      asOf: null,
    });
    expect(view.areas[0]).toEqual({ code: 'PRC', name: 'Perencanaan', score: 11.11, scoreExact: '11.108889' });
  });

  it('shows the claimed total and its gap, the band, and the gap to target', () => {
    const view = pemdaScoreView(stored, national);
    // claimGap = 3.93306668 − 2.63306668 = 1.3; gapToTarget = 75 − 2.63306668 = 72.36693332
    expect(view).toMatchObject({
      claimedTotal: 3.93,
      claimGap: 1.3,
      claimGapExact: '1.3',
      colourBand: 'red',
      target: 75,
      targetSource: 'national',
      gapToTarget: 72.37,
      gapToTargetExact: '72.36693332',
    });
    const met = pemdaScoreView({ ...stored, total: '90.94' }, { ...national, target: { value: new Decimal(90), source: 'pemda' } });
    expect([met.colourBand, met.gapToTargetExact, met.targetSource]).toEqual(['green', '-0.94', 'pemda']);
  });

  it('rounds a half up, as KPK reports do, and colours the rounded number', () => {
    const view = pemdaScoreView({ ...stored, total: '74.995' }, national);
    expect([view.total, view.colourBand]).toEqual([75, 'green']);
  });

  it('shows 0 in every area of the framework for a Pemda without verified evidence', () => {
    const view = pemdaScoreView(unscoredScore('32.01', framework), national);
    expect(view).toMatchObject({ pemdaCode: '32.01', year: 2024, frameworkRevision: 1, total: 0, totalExact: '0', changedAt: null });
    expect(view.areas.map((area) => [area.code, area.score])).toEqual(
      ['PRC', 'ANG', 'PBJ', 'YAN', 'APIP', 'ASN', 'BMD', 'PJK'].map((code) => [code, 0]),
    );
  });
});
