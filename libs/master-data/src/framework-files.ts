import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFramework, type Framework } from '@mcp/mcp-domain';
import { InvalidFrameworkFileError, MasterDataError } from './master-data-error';

const FRAMEWORK_DIR = join(__dirname, '../data/frameworks');
const FRAMEWORK_FILE = /^(\d{4})\.json$/;

/** Years with a data/frameworks/<year>.json, ascending. */
export function availableFrameworkYears(): number[] {
  return readdirSync(FRAMEWORK_DIR)
    .map((file) => FRAMEWORK_FILE.exec(file)?.[1])
    .filter((year): year is string => year !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The year's framework, validated; throws listing every problem so the file can be fixed in one go. */
export function loadFramework(year: number): Framework {
  if (!availableFrameworkYears().includes(year)) {
    throw new MasterDataError(
      `Kerangka MCP tahun ${year} tidak tersedia (tersedia: ${availableFrameworkYears().join(', ')})`,
    );
  }
  const file = join(FRAMEWORK_DIR, `${year}.json`);
  const result = validateFramework(parseJson(file));
  if (!result.ok) throw new InvalidFrameworkFileError(file, result.problems);
  if (result.framework.year !== year) {
    throw new InvalidFrameworkFileError(file, [
      { path: 'year', message: `harus ${year} sesuai nama berkas` },
    ]);
  }
  return result.framework;
}

function parseJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    throw new MasterDataError(`${file} bukan JSON yang sah`, { cause: error });
  }
}
