import { loadFramework } from '@mcp/master-data';
import { computePemdaScore } from '@mcp/mcp-domain';
import { pemdaScoreView, storedAreaScores, unscoredView } from './pemda-score.view';

const framework = loadFramework(2024);

describe('a Pemda score for display', () => {
  it('rounds the exact scores half-up to 2 decimals and keeps the exact text beside them', () => {
    // PRC.1.1 = 100 and ANG.1.1 = 50: PRC = 11.108889, ANG = 10, total = 2.63306668 (see decision-scoring.spec).
    const score = computePemdaScore(
      framework,
      new Map([
        ['PRC.1.1', 100],
        ['ANG.1.1', 50],
      ]),
    );
    const areas = storedAreaScores(framework, score);
    expect(areas.slice(0, 3)).toEqual([
      { code: 'PRC', name: 'Perencanaan', score: '11.108889' },
      { code: 'ANG', name: 'Penganggaran', score: '10' },
      { code: 'PBJ', name: 'Pengadaan Barang dan Jasa', score: '0' },
    ]);
    const view = pemdaScoreView({ pemdaCode: '32.73', year: 2024, frameworkRevision: 1, total: '2.63306668', areas });
    expect(view).toMatchObject({
      pemdaCode: '32.73',
      year: 2024,
      frameworkRevision: 1,
      total: 2.63,
      totalExact: '2.63306668',
    });
    expect(view.areas[0]).toEqual({ code: 'PRC', name: 'Perencanaan', score: 11.11, scoreExact: '11.108889' });
  });

  it('rounds a half up, as KPK reports do', () => {
    const view = pemdaScoreView({ pemdaCode: '32.73', year: 2024, frameworkRevision: 1, total: '84.725', areas: [] });
    expect(view.total).toBe(84.73);
  });

  it('shows 0 in every area of the framework for a Pemda without verified evidence', () => {
    const view = unscoredView('32.01', framework);
    expect(view).toMatchObject({ pemdaCode: '32.01', year: 2024, frameworkRevision: 1, total: 0, totalExact: '0' });
    expect(view.areas.map((area) => [area.code, area.score])).toEqual(
      ['PRC', 'ANG', 'PBJ', 'YAN', 'APIP', 'ASN', 'BMD', 'PJK'].map((code) => [code, 0]),
    );
  });
});
