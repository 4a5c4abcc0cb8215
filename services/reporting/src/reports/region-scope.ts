import type { RegionKind } from '@mcp/contracts';
import type { PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { NATIONAL, regionKindsByCode, wilayahRegionCode } from './region-pemda-counts';

/** A province, a wilayah or the nation, with every Pemda it averages over (decisions.md #9). */
export interface RegionScope {
  regionCode: string;
  regionKind: RegionKind;
  members: PemdaRecord[];
}

/** The region a code of `mcp.aggregate.updated.v1` names, or 404 UNKNOWN_REGION. */
export function requireRegion(pemda: readonly PemdaRecord[], regionCode: string): RegionScope {
  const regionKind = regionKindsByCode(pemda).get(regionCode);
  if (!regionKind) {
    throw new DomainError(
      'not-found',
      'UNKNOWN_REGION',
      `${unknownRegionNamed(regionCode)} tidak dikenal: gunakan kode provinsi (mis. 32), wilayah-I … wilayah-V, atau national ` +
        `(unknown region ${regionCode})`,
      { regionCode },
    );
  }
  const members = pemda.filter(
    (record) => regionCode === NATIONAL || record.provinceCode === regionCode || wilayahRegionCode(record.wilayah) === regionCode,
  );
  return { regionCode, regionKind, members };
}

/**
 * How a refusal names a code it does not know by what the code looks like: in MCP a "wilayah" is
 * one of KPK's regions I–V, so a province code is named a province.
 */
function unknownRegionNamed(regionCode: string): string {
  if (/^[0-9]{2}$/.test(regionCode)) return `Provinsi ${regionCode}`;
  const wilayah = /^wilayah-(.+)$/.exec(regionCode);
  return wilayah ? `Wilayah ${wilayah[1]}` : `Kode ${regionCode}`;
}
