import type { Label } from './framework';
import { readObject, readText, type JsonObject } from './framework-fields';
import { childPath } from './framework-problems';
import type { FrameworkReader } from './framework-reader';

/**
 * An optional list of labels (framework aspects, an area's sasaran). Undefined when the document
 * has none; null after a problem, so references to it are not reported a second time.
 */
export function readLabels(
  object: JsonObject,
  key: 'aspects' | 'sasaran',
  path: string,
  reader: FrameworkReader,
): Label[] | null | undefined {
  if (object[key] === undefined) return undefined;
  const listPath = childPath(path, key);
  const list = object[key];
  if (!Array.isArray(list) || list.length === 0) {
    reader.problems.add(listPath, 'harus berupa daftar yang tidak kosong (atau dihapus)');
    return null;
  }
  const labels = list.map((value, i) => {
    const itemPath = childPath(listPath, i);
    const item = readObject(value, itemPath, reader.problems);
    if (item === undefined) return undefined;
    const code = reader.code(item, itemPath);
    const name = readText(item, 'name', itemPath, reader.problems);
    return code === undefined || name === undefined ? undefined : { code, name };
  });
  return labels.every((label) => label !== undefined) ? (labels as Label[]) : null;
}

const LEVEL_NAMES = { aspectCode: 'aspek', sasaranCode: 'sasaran' } as const;
const SCOPE_NAMES = { aspectCode: 'kerangka', sasaranCode: 'area' } as const;

/**
 * An indicator's reference to an aspect or a sasaran: required when the labels exist, refused when
 * they do not (a stray column in a workbook would otherwise be dropped unnoticed).
 */
export function readLabelReference(
  object: JsonObject,
  key: keyof typeof LEVEL_NAMES,
  labels: Label[] | null | undefined,
  path: string,
  reader: FrameworkReader,
): { present: boolean; code: string | undefined } {
  const level = LEVEL_NAMES[key];
  const value = object[key];
  const fieldPath = childPath(path, key);
  if (labels === undefined) {
    if (value === undefined) return { present: false, code: undefined };
    reader.problems.add(
      fieldPath,
      `${SCOPE_NAMES[key]} ini tidak memakai ${level}; hapus isian ini atau tambahkan daftar ${level}`,
    );
    return { present: true, code: undefined };
  }
  const code = readText(object, key, path, reader.problems);
  if (code === undefined || labels === null) return { present: true, code };
  if (labels.some((label) => label.code === code)) {
    reader.usedLabels.add(code);
    return { present: true, code };
  }
  const known = labels.map((label) => label.code).join(', ');
  reader.problems.add(fieldPath, `${level} "${code}" tidak dikenal (yang ada: ${known})`);
  return { present: true, code: undefined };
}

/** A label no indicator refers to is almost always a typo in the indicator's reference. */
export function checkLabelsUsed(
  labels: Label[] | null | undefined,
  level: 'aspek' | 'sasaran',
  listPath: string,
  reader: FrameworkReader,
): void {
  labels?.forEach((label, i) => {
    if (!reader.usedLabels.has(label.code)) {
      reader.problems.add(childPath(listPath, i), `${level} "${label.code}" tidak dipakai indikator mana pun`);
    }
  });
}
