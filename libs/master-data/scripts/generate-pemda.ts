/**
 * Writes data/pemda.json, the 546 Pemda taking part in MCP, from Kemendagri's code list as
 * shipped by the npm package idn-area-data (data under ODbL, see data/README.md). Re-run after
 * upgrading the package:
 *   node -r @swc-node/register libs/master-data/scripts/generate-pemda.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getProvinces, getRegencies } from 'idn-area-data';
import type { Pemda, PemdaKind } from '../src/pemda';

/**
 * DKI Jakarta's kabupaten and kota are administrative units of the province, with no DPRD or
 * APBD of their own, so they take no part in MCP; the province does.
 */
const NON_AUTONOMOUS_PROVINCE = '31';

const EXPECTED_COUNTS: Record<PemdaKind, number> = { provinsi: 38, kabupaten: 415, kota: 93 };

function kindOf(name: string): PemdaKind {
  if (name.startsWith('Kabupaten ')) return 'kabupaten';
  if (name.startsWith('Kota ')) return 'kota';
  throw new Error(`Cannot tell kabupaten from kota: "${name}"`);
}

async function buildPemdaList(): Promise<Pemda[]> {
  const provinces = (await getProvinces()).map((province): Pemda => ({
    code: province.code,
    name: province.name,
    kind: 'provinsi',
    provinceCode: province.code,
  }));
  const regencies = (await getRegencies({ transform: true }))
    .filter((regency) => regency.provinceCode !== NON_AUTONOMOUS_PROVINCE)
    .map((regency): Pemda => ({
      code: regency.code,
      name: regency.name,
      kind: kindOf(regency.name),
      provinceCode: regency.provinceCode,
    }));
  return [...provinces, ...regencies].sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** One Pemda a line: the file stays readable and a change shows as a one-line diff. */
function toJson(list: Pemda[]): string {
  return `[\n${list.map((pemda) => `  ${JSON.stringify(pemda)}`).join(',\n')}\n]\n`;
}

async function main(): Promise<void> {
  const list = await buildPemdaList();
  for (const [kind, expected] of Object.entries(EXPECTED_COUNTS)) {
    const actual = list.filter((pemda) => pemda.kind === kind).length;
    if (actual !== expected)
      console.warn(`Warning: ${actual} ${kind}, expected ${expected}; check the source list`);
  }
  const target = join(__dirname, '../data/pemda.json');
  writeFileSync(target, toJson(list));
  console.log(`Wrote ${list.length} Pemda to ${target}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
