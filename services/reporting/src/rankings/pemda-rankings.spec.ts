import type { PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { PemdaRankings, unknownRegionMessage } from './pemda-rankings';
import type { RankingQuery } from './ranking.query';

const pemda: PemdaRecord[] = [
  { code: '32', name: 'Jawa Barat', kind: 'provinsi', provinceCode: '32', wilayah: 'III' },
  { code: '32.73', name: 'Kota Bandung', kind: 'kota', provinceCode: '32', wilayah: 'III' },
  { code: '32.04', name: 'Kabupaten Bandung', kind: 'kabupaten', provinceCode: '32', wilayah: 'III' },
];

const rankings = new PemdaRankings(
  { findBy: async () => [{ pemdaCode: '32.73', total: '70' }, { pemdaCode: '32.04', total: '70.001' }] } as never,
  { allPemda: async () => pemda } as never,
);

async function refusal(query: Omit<RankingQuery, 'year'>): Promise<DomainError | undefined> {
  try {
    await rankings.rank({ year: 2024, ...query } as RankingQuery);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
}

describe('PemdaRankings', () => {
  it('ranks on the published figure, equal figures sharing a rank', async () => {
    const rows = await rankings.rank({ year: 2024, scope: 'province', region: '32' } as RankingQuery);
    expect(rows.map(({ rank, pemdaCode }) => [rank, pemdaCode])).toEqual([
      [1, '32.04'],
      [1, '32.73'],
      [3, '32'],
    ]);
  });

  it('tells a wilayah sent as a province to use scope=wilayah, keeping 404 UNKNOWN_REGION', async () => {
    const refused = await refusal({ scope: 'province', region: 'III' });
    expect(refused).toMatchObject({ kind: 'not-found', code: 'UNKNOWN_REGION', details: { region: 'III' } });
    expect(refused?.message).toBe(
      'Provinsi III tidak dikenal; untuk wilayah gunakan scope=wilayah (unknown province III; use scope=wilayah for a wilayah)',
    );
  });

  it('names an unknown province as a province, and a province sent as a wilayah', async () => {
    expect((await refusal({ scope: 'province', region: '99' }))?.message).toBe('Provinsi 99 tidak dikenal (unknown province 99)');
    expect((await refusal({ scope: 'wilayah', region: '32' }))?.message).toBe(
      'Wilayah 32 tidak dikenal; untuk provinsi gunakan scope=province (unknown wilayah 32; use scope=province for a province)',
    );
    expect(unknownRegionMessage('wilayah', 'VI')).toMatch(/^Wilayah VI tidak dikenal/);
  });
});
