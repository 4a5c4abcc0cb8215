import type { PemdaRecord } from '@mcp/reference-data';
import { pemdaCountsByRegion, wilayahRegionCode } from './region-pemda-counts';

const pemda: PemdaRecord[] = [
  { code: '32', name: 'Jawa Barat', kind: 'provinsi', provinceCode: '32', wilayah: 'III' },
  { code: '32.73', name: 'Kota Bandung', kind: 'kota', provinceCode: '32', wilayah: 'III' },
  { code: '32.04', name: 'Kabupaten Bandung', kind: 'kabupaten', provinceCode: '32', wilayah: 'III' },
  { code: '51', name: 'Bali', kind: 'provinsi', provinceCode: '51', wilayah: 'V' },
  { code: '51.71', name: 'Kota Denpasar', kind: 'kota', provinceCode: '51', wilayah: 'V' },
];

describe('pemdaCountsByRegion', () => {
  it('counts a province itself with its kabupaten and kota', () => {
    const counts = pemdaCountsByRegion(pemda);
    expect(counts.get('32')).toBe(3);
    expect(counts.get('51')).toBe(2);
  });

  it('counts every Pemda in its wilayah and in the nation, under the aggregate region codes', () => {
    const counts = pemdaCountsByRegion(pemda);
    expect(counts.get('wilayah-III')).toBe(3);
    expect(counts.get('wilayah-V')).toBe(2);
    expect(counts.get('wilayah-I')).toBeUndefined();
    expect(counts.get('national')).toBe(5);
  });

  it('names a wilayah as the aggregate events do', () => {
    expect(wilayahRegionCode('IV')).toBe('wilayah-IV');
  });
});
