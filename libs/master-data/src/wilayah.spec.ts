import fs, { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MasterDataError } from './master-data-error';
import { loadPemdaList } from './pemda';
import { loadWilayahMapping, WILAYAH, wilayahOfPemda } from './wilayah';

describe('loadWilayahMapping', () => {
  const mapping = loadWilayahMapping();
  const provinces = loadPemdaList().filter((pemda) => pemda.kind === 'provinsi');

  it('maps exactly the 38 provinces and uses all five wilayah', () => {
    expect(provinces.map((province) => province.code).filter((code) => !mapping.has(code))).toEqual(
      [],
    );
    expect(mapping.size).toBe(38);
    expect(new Set(mapping.values())).toEqual(new Set(WILAYAH));
  });

  it('keeps the confirmed facts, marked confirmed', () => {
    const document = JSON.parse(readFileSync(join(__dirname, '../data/wilayah.json'), 'utf8')) as {
      provinces: { provinceCode: string; wilayah: string; confirmed: boolean }[];
    };
    const confirmed = Object.fromEntries(
      document.provinces
        .filter((entry) => entry.confirmed)
        .map((entry) => [entry.provinceCode, entry.wilayah]),
    );
    expect(confirmed).toEqual({
      '12': 'I', // Sumut
      '16': 'II', // Sumsel
      '33': 'III', // Jateng
      ...Object.fromEntries(['64', '65', '73', '72', '71', '76'].map((code) => [code, 'IV'])),
      ...Object.fromEntries(
        ['51', '52', '53', '81', '82', '91', '92', '93', '94', '95', '96'].map((code) => [
          code,
          'V',
        ]),
      ),
    });
    expect(document.provinces.every((entry) => typeof entry.confirmed === 'boolean')).toBe(true);
  });

  it("gives a Pemda its province's wilayah and refuses an unmapped province", () => {
    expect(wilayahOfPemda({ code: '73.71', provinceCode: '73' }, mapping)).toBe('IV'); // Kota Makassar
    expect(wilayahOfPemda({ code: '12', provinceCode: '12' }, mapping)).toBe('I');
    expect(() => wilayahOfPemda({ code: '99.01', provinceCode: '99' }, mapping)).toThrow(
      MasterDataError,
    );
  });

  it('refuses an edit that repeats a province or names an unknown wilayah', () => {
    const withProvinces = (provinces: unknown[]) => JSON.stringify({ provinces });
    jest.spyOn(fs, 'readFileSync').mockReturnValueOnce(
      withProvinces([
        { provinceCode: '11', wilayah: 'I' },
        { provinceCode: '11', wilayah: 'II' },
      ]),
    );
    expect(() => loadWilayahMapping()).toThrow('provinsi 11 tercantum lebih dari sekali');
    jest
      .spyOn(fs, 'readFileSync')
      .mockReturnValueOnce(withProvinces([{ provinceCode: '11', wilayah: 'VI' }]));
    expect(() => loadWilayahMapping()).toThrow(
      'provinces[0] tidak lengkap atau wilayahnya bukan I–V',
    );
    jest.restoreAllMocks();
  });

  it('finds a wilayah for every one of the 546 Pemda', () => {
    expect(loadPemdaList().every((pemda) => WILAYAH.includes(wilayahOfPemda(pemda, mapping)))).toBe(
      true,
    );
  });
});
