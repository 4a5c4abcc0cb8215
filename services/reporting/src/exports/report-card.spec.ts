import type { AuthPrincipal } from '@mcp/auth';
import { loadFramework } from '@mcp/master-data';
import { indexFramework } from '@mcp/mcp-domain';
import type { ReferenceData } from '@mcp/reference-data';
import PDFDocument from 'pdfkit';
import { PassThrough } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { EvidenceTrailRepository } from '../evidence-trail/evidence-trail.repository';
import type { PemdaRankings } from '../rankings/pemda-rankings';
import type { ReportsService } from '../reports/reports.service';
import type { PemdaReportView } from '../reports/report.view';
import type { ScoreSeries } from '../series/score-series';
import { angka, bulan, ReportCard, tanggal, trendLines } from './report-card';

describe('report card formats', () => {
  it('names a month in Indonesian', () => {
    expect(bulan('2024-01')).toBe('Januari 2024');
    expect(bulan('2025-10')).toBe('Oktober 2025');
    expect(bulan('2025-12')).toBe('Desember 2025');
  });

  it('writes a figure with a decimal comma and 2 places', () => {
    expect(angka(80.15)).toBe('80,15');
    expect(angka(0)).toBe('0,00');
  });

  it('names the day of an instant in WIB', () => {
    expect(tanggal(new Date('2025-05-20T03:00:00.000Z'))).toBe('20 Mei 2025');
    expect(tanggal(new Date('2025-05-31T17:00:00.000Z'))).toBe('1 Juni 2025');
  });
});

describe('report card trend', () => {
  it('labels month-end points by their month, and the month under way by the day it was read', () => {
    expect(
      trendLines(2025, [
        { month: '2025-04', asOf: '2025-04-30T17:00:00.000Z', score: 20 },
        { month: '2025-05', asOf: '2025-05-20T03:00:00.000Z', score: 65 },
      ]),
    ).toEqual(['April 2025: 20,00', 'Mei 2025 (per 20 Mei 2025): 65,00']);
  });

  it('reads a point at the end of a day as that day, not the next', () => {
    expect(trendLines(2024, [{ month: '2024-10', asOf: '2024-10-15T17:00:00.000Z', score: 30.5 }])).toEqual([
      'Oktober 2024 (per 15 Oktober 2024): 30,50',
    ]);
  });

  it('says so when the year has not begun', () => {
    expect(trendLines(2027, [])).toEqual(['Tahun 2027 belum berjalan.']);
  });
});

describe('the report card', () => {
  const framework = loadFramework(2024);
  const bandung: PemdaReportView = {
    pemdaCode: '32.73',
    name: 'Kota Bandung',
    kind: 'kota',
    provinceCode: '32',
    wilayah: 'III',
    year: 2024,
    total: 80.5,
    areas: [],
    rankInProvince: 1,
    updatedAt: '2024-11-30T17:30:00.000Z',
  };
  const reports = {
    pemdaReportExact: async () => ({ report: bandung, totalExact: '80.5' }),
    regionReport: async () => ({ average: 50, pemdaCount: 28, areas: [] }),
  } as unknown as ReportsService;
  const referenceData = {
    requirePemda: async () => ({ code: '32', name: 'Jawa Barat', kind: 'provinsi', provinceCode: '32', wilayah: 'III' }),
    requireFramework: async () => ({ framework, index: indexFramework(framework) }),
  } as unknown as ReferenceData;
  const rankings = { rank: async () => [{ pemdaCode: '32.73', rank: 7 }] } as unknown as PemdaRankings;
  const series = { series: async () => ({ points: [] }) } as unknown as ScoreSeries;
  // The evidence trail has not caught up with the score yet: no verdict in force.
  const trail = { itemStatuses: async () => [] } as unknown as EvidenceTrailRepository;
  const dataSource = { manager: {} } as unknown as DataSource;
  const card = new ReportCard(reports, rankings, referenceData, series, trail, dataSource, 90);
  const analyst: AuthPrincipal = { subject: 'analyst', roles: ['analyst'] };

  /** Every line the card writes, in order. */
  async function cardLines(): Promise<string[]> {
    const text = jest.spyOn(PDFDocument.prototype, 'text');
    const out = new PassThrough();
    out.resume();
    await card.write(analyst, '32.73', 2024, () => out);
    const lines = text.mock.calls.map(([line]) => String(line));
    text.mockRestore();
    return lines;
  }

  it('says as of when its data is, in WIB the Indonesian way', async () => {
    expect((await cardLines()).join('\n')).toContain('Data per 1 Desember 2024 pukul 00.30 WIB.');
  });

  it('measures the gap to the target from the total it shows', async () => {
    expect(await cardLines()).toEqual(expect.arrayContaining(['Nilai total: 80,50', 'Target nasional: 90,00', 'Selisih ke target: 9,50']));
  });
});
