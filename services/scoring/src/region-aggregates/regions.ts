import type { RegionKind } from '@mcp/contracts';
import type { PemdaRecord, Wilayah } from '@mcp/reference-data';

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

/**
 * The regions a Pemda's score counts in, always in this order: province, wilayah, national.
 * Every decision locks the aggregate rows in this same order, so two decisions never deadlock.
 */
export function regionsOfPemda(pemda: Pick<PemdaRecord, 'provinceCode' | 'wilayah'>): Region[] {
  return [
    { code: pemda.provinceCode, kind: 'province' },
    { code: wilayahRegionCode(pemda.wilayah), kind: 'wilayah' },
    { code: NATIONAL_REGION, kind: 'national' },
  ];
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
