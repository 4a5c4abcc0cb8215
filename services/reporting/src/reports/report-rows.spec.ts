import { laterPemdaRow, laterRegionRow, type PemdaReportRow, type RegionReportRow } from './report-rows';

const region = (updatedAt: string, areas: string | null): RegionReportRow => ({
  regionCode: '32',
  regionKind: 'province',
  year: 2024,
  average: '1',
  scoreSum: '28',
  pemdaCount: 28,
  updatedAt,
  areas,
});
const pemda = (updatedAt: string, total: string): PemdaReportRow => ({
  pemdaCode: '32.73',
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
