import { loadPemdaList } from '@mcp/master-data';
import { localTimeZoneOf } from '@mcp/mcp-domain';

describe('localTimeZoneOf', () => {
  it.each([
    ['11', 'WIB'], // Aceh
    ['31', 'WIB'], // DKI Jakarta
    ['61', 'WIB'], // Kalimantan Barat
    ['62', 'WIB'], // Kalimantan Tengah
    ['51', 'WITA'], // Bali
    ['53', 'WITA'], // Nusa Tenggara Timur
    ['64', 'WITA'], // Kalimantan Timur
    ['76', 'WITA'], // Sulawesi Barat
    ['81', 'WIT'], // Maluku
    ['82', 'WIT'], // Maluku Utara
    ['96', 'WIT'], // Papua Barat Daya
  ])('puts province %s in %s', (provinceCode, abbreviation) => {
    expect(localTimeZoneOf(provinceCode).abbreviation).toBe(abbreviation);
  });

  it('places all 38 provinces of the shipped list, 8 in WIT and 12 in WITA', () => {
    const provinces = loadPemdaList().filter((pemda) => pemda.kind === 'provinsi');
    const zones = provinces.map((province) => localTimeZoneOf(province.code).abbreviation);
    expect(provinces).toHaveLength(38);
    expect(zones.filter((zone) => zone === 'WIT')).toHaveLength(8);
    expect(zones.filter((zone) => zone === 'WITA')).toHaveLength(12);
  });
});
