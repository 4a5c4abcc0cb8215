import fs from 'node:fs';
import { loadPemdaList } from './pemda';

describe('loadPemdaList', () => {
  const list = loadPemdaList();
  const countOf = (kind: string) => list.filter((pemda) => pemda.kind === kind).length;

  it('holds the 546 Pemda: 38 provinsi, 415 kabupaten, 93 kota', () => {
    expect([countOf('provinsi'), countOf('kabupaten'), countOf('kota'), list.length]).toEqual([
      38, 415, 93, 546,
    ]);
  });

  it('has unique codes, in code order', () => {
    const codes = list.map((pemda) => pemda.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
  });

  it('gives a province its own code and every kabupaten/kota an existing province with a matching code prefix', () => {
    const provinceCodes = new Set(
      list.filter((pemda) => pemda.kind === 'provinsi').map((pemda) => pemda.code),
    );
    for (const pemda of list) {
      if (pemda.kind === 'provinsi') expect(pemda.provinceCode).toBe(pemda.code);
      else {
        expect(provinceCodes.has(pemda.provinceCode)).toBe(true);
        expect(pemda.code.startsWith(`${pemda.provinceCode}.`)).toBe(true);
      }
    }
  });

  it('keeps DKI Jakarta the province but none of its administrative kota and kabupaten', () => {
    expect(list.filter((pemda) => pemda.provinceCode === '31').map((pemda) => pemda.code)).toEqual([
      '31',
    ]);
  });

  it('names kabupaten and kota in the official readable casing', () => {
    expect(list.find((pemda) => pemda.code === '11.01')).toEqual({
      code: '11.01',
      name: 'Kabupaten Aceh Selatan',
      kind: 'kabupaten',
      provinceCode: '11',
    });
    expect(
      list
        .filter((pemda) => pemda.kind === 'kota')
        .every((pemda) => pemda.name.startsWith('Kota ')),
    ).toBe(true);
    expect(
      list
        .filter((pemda) => pemda.kind === 'kabupaten')
        .every((pemda) => pemda.name.startsWith('Kabupaten ')),
    ).toBe(true);
  });

  it('refuses an edited entry with an unknown kind', () => {
    jest
      .spyOn(fs, 'readFileSync')
      .mockReturnValueOnce(
        JSON.stringify([{ code: '11', name: 'Aceh', kind: 'kecamatan', provinceCode: '11' }]),
      );
    expect(() => loadPemdaList()).toThrow('entri ke-0 tidak lengkap atau jenisnya salah');
    jest.restoreAllMocks();
  });
});
