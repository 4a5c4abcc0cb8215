import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MasterDataError } from './master-data-error';

export type PemdaKind = 'provinsi' | 'kabupaten' | 'kota';

/** A local government taking part in MCP; codes follow Kemendagri (`11`, `11.01`). */
export interface Pemda {
  code: string;
  name: string;
  kind: PemdaKind;
  /** The province the Pemda belongs to; a province's own code for a province. */
  provinceCode: string;
}

const KINDS: readonly string[] = ['provinsi', 'kabupaten', 'kota'];
const PEMDA_FILE = join(__dirname, '../data/pemda.json');

/** The 546 Pemda from data/pemda.json, in code order; throws if an edit broke an entry. */
export function loadPemdaList(): Pemda[] {
  const entries: unknown = JSON.parse(readFileSync(PEMDA_FILE, 'utf8'));
  if (!Array.isArray(entries))
    throw new MasterDataError(`${PEMDA_FILE}: isi berkas harus berupa daftar`);
  return entries.map((entry: unknown, i) => {
    if (!isPemda(entry))
      throw new MasterDataError(`${PEMDA_FILE}: entri ke-${i} tidak lengkap atau jenisnya salah`);
    return {
      code: entry.code,
      name: entry.name,
      kind: entry.kind,
      provinceCode: entry.provinceCode,
    };
  });
}

function isPemda(entry: unknown): entry is Pemda {
  if (typeof entry !== 'object' || entry === null) return false;
  const { code, name, kind, provinceCode } = entry as Record<string, unknown>;
  return (
    [code, name, provinceCode].every((field) => typeof field === 'string' && field !== '') &&
    typeof kind === 'string' &&
    KINDS.includes(kind)
  );
}
