import type { PemdaRecord } from '@mcp/reference-data';
import { refusalOf } from '@mcp/testing';
import { requireRegion } from './region-scope';
import { scopeOf } from './report-scope.query';

const pemda: PemdaRecord[] = [
  { code: '32', name: 'Jawa Barat', kind: 'provinsi', provinceCode: '32', wilayah: 'III' },
  { code: '32.73', name: 'Kota Bandung', kind: 'kota', provinceCode: '32', wilayah: 'III' },
  { code: '51', name: 'Bali', kind: 'provinsi', provinceCode: '51', wilayah: 'V' },
  { code: '51.71', name: 'Kota Denpasar', kind: 'kota', provinceCode: '51', wilayah: 'V' },
];


const codesOf = (regionCode: string) => requireRegion(pemda, regionCode).members.map(({ code }) => code);

describe('requireRegion', () => {
  it('gives a province, a wilayah and the nation with every Pemda they average over', () => {
    expect(requireRegion(pemda, '32').regionKind).toBe('province');
    expect(codesOf('32')).toEqual(['32', '32.73']);
    expect(codesOf('wilayah-V')).toEqual(['51', '51.71']);
    expect(codesOf('national')).toEqual(['32', '32.73', '51', '51.71']);
  });

  it('refuses a code that names no region with 404 UNKNOWN_REGION', () => {
    expect(refusalOf(() => requireRegion(pemda, '99'))).toMatchObject({ kind: 'not-found', code: 'UNKNOWN_REGION' });
    expect(refusalOf(() => requireRegion(pemda, 'wilayah-I'))).toMatchObject({ code: 'UNKNOWN_REGION' });
  });

  it("names an unknown province code as a province, not as a wilayah (KPK's regions I–V)", () => {
    expect(refusalOf(() => requireRegion(pemda, '99'))?.message).toMatch(/^Provinsi 99 tidak dikenal: gunakan kode provinsi/);
    expect(refusalOf(() => requireRegion(pemda, 'wilayah-VI'))?.message).toMatch(/^Wilayah VI tidak dikenal: /);
    expect(refusalOf(() => requireRegion(pemda, 'jawa'))?.message).toMatch(/^Kode jawa tidak dikenal: /);
  });
});

describe('scopeOf', () => {
  it('takes exactly one of pemda and region', () => {
    expect(scopeOf({ year: 2024, pemda: '32.73' })).toEqual({ pemda: '32.73' });
    expect(scopeOf({ year: 2024, region: 'national' })).toEqual({ region: 'national' });
    expect(refusalOf(() => scopeOf({ year: 2024 }))).toMatchObject({ kind: 'invalid-input', code: 'SCOPE_REQUIRED' });
    expect(refusalOf(() => scopeOf({ year: 2024, pemda: '32.73', region: '32' }))).toMatchObject({ code: 'SCOPE_REQUIRED' });
  });
});
