import { isWilayah, type Wilayah } from '@mcp/auth';
import { localTimeZoneOf } from '@mcp/mcp-domain';
import { loadPemdaList, loadWilayahMapping, wilayahOfPemda } from '@mcp/master-data';
import { Injectable } from '@nestjs/common';

export interface PemdaEntry {
  code: string;
  name: string;
  kind: string;
  provinceCode: string;
  provinceName: string;
  wilayah: Wilayah;
  /** WIB, WITA or WIT: deadlines are shown to a Pemda in its own zone. */
  timeZone: string;
  timeZoneIana: string;
}

/**
 * The shipped list of 546 Pemda (libs/master-data), for choosing a Pemda at development sign-in
 * and for placing live events in a wilayah. Static data, not another service's table.
 */
@Injectable()
export class PemdaDirectory {
  readonly entries: readonly PemdaEntry[];
  private readonly byCode: ReadonlyMap<string, PemdaEntry>;

  constructor() {
    const list = loadPemdaList();
    const mapping = loadWilayahMapping();
    const provinceNames = new Map(list.filter((pemda) => pemda.kind === 'provinsi').map((pemda) => [pemda.code, pemda.name]));
    this.entries = list.map((pemda) => {
      const zone = localTimeZoneOf(pemda.provinceCode);
      return {
        code: pemda.code,
        name: pemda.name,
        kind: pemda.kind,
        provinceCode: pemda.provinceCode,
        provinceName: provinceNames.get(pemda.provinceCode) ?? pemda.provinceCode,
        wilayah: wilayahOfPemda(pemda, mapping),
        timeZone: zone.abbreviation,
        timeZoneIana: zone.iana,
      };
    });
    this.byCode = new Map(this.entries.map((entry) => [entry.code, entry]));
  }

  find(pemdaCode: string): PemdaEntry | undefined {
    return this.byCode.get(pemdaCode);
  }

  wilayahOf(pemdaCode: string): Wilayah | undefined {
    const wilayah = this.byCode.get(pemdaCode)?.wilayah;
    return wilayah && isWilayah(wilayah) ? wilayah : undefined;
  }
}
