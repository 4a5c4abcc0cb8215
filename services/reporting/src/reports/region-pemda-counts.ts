import type { RegionKind } from '@mcp/contracts';
import type { PemdaRecord, Wilayah } from '@mcp/reference-data';

export const NATIONAL = 'national';

/** The aggregate event's region code of a wilayah, e.g. `wilayah-III`. */
export function wilayahRegionCode(wilayah: Wilayah): string {
  return `wilayah-${wilayah}`;
}

/**
 * How many Pemda each region has (a province counts itself and its kabupaten/kota), keyed by the
 * region codes of `mcp.aggregate.updated.v1`: what a report shows before the first event arrives.
 */
export function pemdaCountsByRegion(pemda: readonly PemdaRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (regionCode: string) => counts.set(regionCode, (counts.get(regionCode) ?? 0) + 1);
  for (const { provinceCode, wilayah } of pemda) {
    add(provinceCode);
    add(wilayahRegionCode(wilayah));
    add(NATIONAL);
  }
  return counts;
}

/** Every region code the aggregate events can carry, with its kind. */
export function regionKindsByCode(pemda: readonly PemdaRecord[]): Map<string, RegionKind> {
  const kinds = new Map<string, RegionKind>();
  for (const { provinceCode, wilayah } of pemda) {
    kinds.set(provinceCode, 'province');
    kinds.set(wilayahRegionCode(wilayah), 'wilayah');
    kinds.set(NATIONAL, 'national');
  }
  return kinds;
}
