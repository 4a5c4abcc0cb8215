import { angka, bulan, tanggal, trendLines } from './report-card';

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
