import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MasterDataError } from './master-data-error';
import type { Pemda } from './pemda';

import { WILAYAH, type Wilayah } from '@mcp/mcp-domain';

// KPK's Korsup regions are domain vocabulary; which province sits where is data (data/wilayah.json).
export { WILAYAH, type Wilayah };

const WILAYAH_FILE = join(__dirname, '../data/wilayah.json');

interface WilayahEntry {
  provinceCode: string;
  wilayah: Wilayah;
}

/** Province code → wilayah, from data/wilayah.json; throws if an edit broke an entry or repeats a province. */
export function loadWilayahMapping(): Map<string, Wilayah> {
  const document: unknown = JSON.parse(readFileSync(WILAYAH_FILE, 'utf8'));
  const entries =
    typeof document === 'object' && document !== null
      ? (document as { provinces?: unknown }).provinces
      : undefined;
  if (!Array.isArray(entries))
    throw new MasterDataError(`${WILAYAH_FILE}: "provinces" harus berupa daftar`);
  const mapping = new Map<string, Wilayah>();
  entries.forEach((entry: unknown, i) => {
    if (!isWilayahEntry(entry))
      throw new MasterDataError(
        `${WILAYAH_FILE}: provinces[${i}] tidak lengkap atau wilayahnya bukan I–V`,
      );
    if (mapping.has(entry.provinceCode)) {
      throw new MasterDataError(
        `${WILAYAH_FILE}: provinsi ${entry.provinceCode} tercantum lebih dari sekali`,
      );
    }
    mapping.set(entry.provinceCode, entry.wilayah);
  });
  return mapping;
}

function isWilayahEntry(entry: unknown): entry is WilayahEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const { provinceCode, wilayah } = entry as Record<string, unknown>;
  return typeof provinceCode === 'string' && WILAYAH.some((known) => known === wilayah);
}

/** A Pemda's wilayah is its province's. Throws for a province missing from the mapping. */
export function wilayahOfPemda(
  pemda: Pick<Pemda, 'code' | 'provinceCode'>,
  mapping: ReadonlyMap<string, Wilayah>,
): Wilayah {
  const wilayah = mapping.get(pemda.provinceCode);
  if (wilayah === undefined) {
    throw new MasterDataError(
      `Provinsi ${pemda.provinceCode} (Pemda ${pemda.code}) belum dipetakan ke wilayah Korsup`,
    );
  }
  return wilayah;
}
