import { Decimal } from './decimal';
import { childPath, type FrameworkProblems } from './framework-problems';

export type JsonObject = Record<string, unknown>;

/** Keeps every sum and product exact within the Decimal precision (see decimal.ts). */
export const MAX_DECIMAL_PLACES = 6;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(
  value: unknown,
  path: string,
  problems: FrameworkProblems,
): JsonObject | undefined {
  if (isJsonObject(value)) return value;
  problems.add(path, 'harus berupa objek');
  return undefined;
}

export function readText(
  object: JsonObject,
  key: string,
  path: string,
  problems: FrameworkProblems,
): string | undefined {
  const value = object[key];
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.add(childPath(path, key), 'wajib diisi dengan teks');
  return undefined;
}

export function readCode(
  object: JsonObject,
  path: string,
  problems: FrameworkProblems,
): string | undefined {
  const code = readText(object, 'code', path, problems);
  if (code === undefined || !/\s/.test(code)) return code;
  problems.add(childPath(path, 'code'), `kode "${code}" tidak boleh mengandung spasi`);
  return undefined;
}

export function readInteger(
  object: JsonObject,
  key: string,
  range: { min: number; max: number },
  path: string,
  problems: FrameworkProblems,
): number | undefined {
  const value = object[key];
  if (Number.isInteger(value) && (value as number) >= range.min && (value as number) <= range.max) {
    return value as number;
  }
  problems.add(childPath(path, key), `harus bilangan bulat antara ${range.min} dan ${range.max}`);
  return undefined;
}

/** A number from `min` to 100 with at most MAX_DECIMAL_PLACES decimals, or undefined after a problem. */
export function readPercent(
  value: unknown,
  path: string,
  problems: FrameworkProblems,
  allowZero: boolean,
): number | undefined {
  const lowest = allowZero ? 'antara 0 dan 100' : 'lebih dari 0 dan paling besar 100';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.add(path, `harus berupa angka ${lowest}`);
    return undefined;
  }
  if (value > 100 || value < 0 || (!allowZero && value === 0)) {
    problems.add(path, `harus ${lowest}, sekarang ${value}`);
    return undefined;
  }
  if (new Decimal(value).decimalPlaces() > MAX_DECIMAL_PLACES) {
    problems.add(path, `paling banyak ${MAX_DECIMAL_PLACES} angka di belakang koma`);
    return undefined;
  }
  return value;
}

export function readList(
  object: JsonObject,
  key: string,
  path: string,
  problems: FrameworkProblems,
): unknown[] | undefined {
  const value = object[key];
  if (Array.isArray(value) && value.length > 0) return value;
  problems.add(childPath(path, key), 'harus berupa daftar yang tidak kosong');
  return undefined;
}

/**
 * Siblings' weights must add up to exactly 100; compared as decimals so 33.33+33.33+33.34 passes.
 * Skipped when a weight is itself invalid: its own problem already says what to fix.
 */
export function checkWeightSum(
  weights: (number | undefined)[],
  path: string,
  problems: FrameworkProblems,
): void {
  if (weights.some((weight) => weight === undefined)) return;
  const sum = weights.reduce(
    (total: Decimal, weight) => total.plus(weight as number),
    new Decimal(0),
  );
  if (!sum.equals(100))
    problems.add(path, `jumlah bobot harus tepat 100, sekarang ${sum.toString()}`);
}
