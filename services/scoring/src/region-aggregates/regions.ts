import type { RegionKind, Wilayah } from '@mcp/mcp-domain';
import type { PemdaRecord } from '@mcp/reference-data';

export const NATIONAL_REGION = 'national';

export interface Region {
  /** A province code (`32`), `wilayah-I`…`wilayah-V`, or `national`. */
  code: string;
  kind: RegionKind;
}

export interface RegionMembership extends Region {
  /** Every Pemda the region's average is taken over, scored or not. */
  pemdaCount: number;
}

export function wilayahRegionCode(wilayah: Wilayah): string {
  return `wilayah-${wilayah}`;
}

/** The regions a Pemda's score counts in, in lock order: province, wilayah, national. */
export function regionsOfPemda(pemda: Pick<PemdaRecord, 'provinceCode' | 'wilayah'>): Region[] {
  return [
    { code: pemda.provinceCode, kind: 'province' },
    { code: wilayahRegionCode(pemda.wilayah), kind: 'wilayah' },
    { code: NATIONAL_REGION, kind: 'national' },
  ];
}

const LOCK_RANK: Record<RegionKind, number> = { province: 0, wilayah: 1, national: 2 };

/**
 * The one order aggregate rows are locked in (provinces, wilayah, the nation; by code within a
 * kind), so two transactions moving overlapping regions never deadlock.
 */
export function inLockOrder<T extends { region: Region }>(entries: readonly T[]): T[] {
  return [...entries].sort(
    (a, b) => LOCK_RANK[a.region.kind] - LOCK_RANK[b.region.kind] || (a.region.code < b.region.code ? -1 : 1),
  );
}

/**
 * Every region with the number of Pemda its average is over: a province counts its own government
 * and all its kabupaten/kota, a wilayah every Pemda of its provinces, the nation all of them.
 */
export function regionMemberships(pemdaList: readonly PemdaRecord[]): Map<string, RegionMembership> {
  const memberships = new Map<string, RegionMembership>();
  for (const pemda of pemdaList) {
    for (const region of regionsOfPemda(pemda)) {
      const membership = memberships.get(region.code) ?? { ...region, pemdaCount: 0 };
      membership.pemdaCount += 1;
      memberships.set(region.code, membership);
    }
  }
  return memberships;
}
