import { loadPemdaList, loadWilayahMapping, wilayahOfPemda } from '@mcp/master-data';
import type { PemdaRecord } from '@mcp/reference-data';
import { inLockOrder, regionMemberships, regionsOfPemda, type Region } from './regions';

function shippedPemda(): PemdaRecord[] {
  const mapping = loadWilayahMapping();
  return loadPemdaList().map((pemda) => ({ ...pemda, wilayah: wilayahOfPemda(pemda, mapping) }));
}

describe('regionsOfPemda', () => {
  it('lists province, wilayah, national: the order aggregate rows are locked in', () => {
    expect(regionsOfPemda({ provinceCode: '32', wilayah: 'III' })).toEqual([
      { code: '32', kind: 'province' },
      { code: 'wilayah-III', kind: 'wilayah' },
      { code: 'national', kind: 'national' },
    ]);
  });
});

describe('inLockOrder', () => {
  it('puts provinces first, then wilayah, then the nation, each kind by code', () => {
    const entries = [
      ...regionsOfPemda({ provinceCode: '64', wilayah: 'V' }),
      ...regionsOfPemda({ provinceCode: '11', wilayah: 'I' }),
    ].map((region: Region) => ({ region }));
    expect(inLockOrder(entries).map((entry) => entry.region.code)).toEqual(['11', '64', 'wilayah-I', 'wilayah-V', 'national', 'national']);
  });
});

describe('regionMemberships over the shipped Pemda list', () => {
  const memberships = regionMemberships(shippedPemda());

  it('counts every Pemda of a region, scored or not', () => {
    // data/pemda.json: 38 provinces + 415 kabupaten + 93 kota = 546;
    // Jawa Barat = the province + 18 kabupaten + 9 kota = 28;
    // data/wilayah.json puts 32, 33, 34, 35, 61, 62, 63 in Wilayah III: 153 Pemda in all.
    expect(memberships.get('national')).toEqual({ code: 'national', kind: 'national', pemdaCount: 546 });
    expect(memberships.get('32')).toEqual({ code: '32', kind: 'province', pemdaCount: 28 });
    expect(memberships.get('wilayah-III')).toEqual({ code: 'wilayah-III', kind: 'wilayah', pemdaCount: 153 });
  });

  it('has 38 provinces and 5 wilayah, whose counts each add up to the nation', () => {
    const all = [...memberships.values()];
    const sumOf = (kind: string) =>
      all.filter((region) => region.kind === kind).reduce((sum, region) => sum + region.pemdaCount, 0);
    expect(all.filter((region) => region.kind === 'province')).toHaveLength(38);
    expect(all.filter((region) => region.kind === 'wilayah')).toHaveLength(5);
    expect([sumOf('province'), sumOf('wilayah')]).toEqual([546, 546]);
  });

  it('knows nothing of a code that is no region', () => {
    expect(memberships.get('32.73')).toBeUndefined();
    expect(memberships.get('wilayah-VI')).toBeUndefined();
  });
});
