import { angka, bulan } from './report-card';

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
});
