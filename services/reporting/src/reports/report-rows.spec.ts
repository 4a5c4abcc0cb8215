import {
  latestPemdaRows,
  laterPemdaRow,
  laterRegionRow,
  regionRowRounds,
  type PemdaReportRow,
  type RegionReportRow,
} from './report-rows';

const region = (updatedAt: string, areas: string | null, regionCode = '32'): RegionReportRow => ({
  regionCode,
  regionKind: 'province',
  year: 2024,
  average: '1',
  scoreSum: '28',
  pemdaCount: 28,
  updatedAt,
  areas,
});
const pemda = (updatedAt: string, total: string, pemdaCode = '32.73'): PemdaReportRow => ({
  pemdaCode,
  year: 2024,
  frameworkRevision: 1,
  total,
  areas: '[]',
  updatedAt,
});

describe('one row per key, as the upsert would leave it', () => {
  it('keeps the newer producer time, and the later arrival on equal times', () => {
    expect(laterPemdaRow(pemda('2024-06-02T09:00:00.000Z', '2'), pemda('2024-06-02T08:00:00.000Z', '1')).total).toBe('2');
    expect(laterPemdaRow(pemda('2024-06-02T08:00:00.000Z', '1'), pemda('2024-06-02T08:00:00.000Z', '3')).total).toBe('3');
    expect(laterPemdaRow(undefined, pemda('2024-06-02T08:00:00.000Z', '1')).total).toBe('1');
  });

  it('keeps the areas it has when a newer event carries none (written before areas existed)', () => {
    const withAreas = region('2024-06-02T08:00:00.000Z', '[{"code":"PRC"}]');
    expect(laterRegionRow(withAreas, region('2024-06-02T09:00:00.000Z', null)).areas).toBe('[{"code":"PRC"}]');
    expect(laterRegionRow(withAreas, region('2024-06-02T09:00:00.000Z', '[]')).areas).toBe('[]');
    expect(laterRegionRow(withAreas, region('2024-06-02T07:00:00.000Z', '[]'))).toBe(withAreas);
  });
});

describe('the rows of a batch of events, for one multi-row upsert', () => {
  const [seven, eight, nine] = ['07', '08', '09'].map((hour) => `2024-06-02T${hour}:00:00.000Z`);

  it('sends one row per Pemda and year: the newest, the later arrival on equal times', () => {
    const rows = latestPemdaRows([
      pemda(eight, '1'),
      pemda(nine, '2'),
      pemda(seven, '3'),
      pemda(nine, '4'),
      pemda(seven, '5', '32.04'),
      { ...pemda(seven, '6'), year: 2025 },
    ]);
    expect(rows.map((row) => [row.pemdaCode, row.year, row.total])).toEqual([
      ['32.73', 2024, '4'],
      ['32.04', 2024, '5'],
      ['32.73', 2025, '6'],
    ]);
  });

  it('sends regions whose rows all carry areas in one round, each as its latest row', () => {
    const rounds = regionRowRounds([region(eight, '[1]'), region(seven, '[2]'), region(seven, '[3]', 'national'), region(nine, '[4]')]);
    expect(rounds).toEqual([[region(nine, '[4]'), region(seven, '[3]', 'national')]]);
  });

  it('sends every row of a region with a row without areas, one per round in order', () => {
    // Stored at 08:00 with areas A: the 07:00 row is ignored, the 09:00 one keeps A. Folded in
    // memory it would take the 07:00 row's areas, so these rows must meet the stored one in turn.
    const rounds = regionRowRounds([region(seven, '[2]'), region(nine, null), region(seven, '[3]', 'national')]);
    expect(rounds).toEqual([[region(seven, '[2]'), region(seven, '[3]', 'national')], [region(nine, null)]]);
  });
});
