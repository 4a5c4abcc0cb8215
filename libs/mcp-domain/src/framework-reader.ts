import {
  checkWeightSum,
  readCode,
  readList,
  readPercent,
  type JsonObject,
} from './framework-fields';
import { childPath, type FrameworkProblems } from './framework-problems';

/**
 * Walks a framework document, remembering where each code was first used (codes of areas,
 * indicators, sub-indicators, aspects and sasaran are unique framework-wide) and which labels
 * (aspects, sasaran) some indicator refers to.
 */
export class FrameworkReader {
  private readonly codePaths = new Map<string, string>();
  readonly usedLabels = new Set<string>();

  constructor(readonly problems: FrameworkProblems) {}

  code(object: JsonObject, path: string): string | undefined {
    const code = readCode(object, path, this.problems);
    if (code === undefined) return undefined;
    const firstPath = this.codePaths.get(code);
    if (firstPath === undefined) {
      this.codePaths.set(code, path);
      return code;
    }
    this.problems.add(childPath(path, 'code'), `kode "${code}" sudah dipakai di ${firstPath}`);
    return undefined;
  }

  weight(object: JsonObject, path: string): number | undefined {
    return readPercent(object['weight'], childPath(path, 'weight'), this.problems, false);
  }

  /** Reads each child (even after a bad one) and checks the siblings' weights sum to 100. */
  children<T extends { weight: number }>(
    object: JsonObject,
    key: string,
    path: string,
    read: (value: unknown, path: string) => Partial<T> | undefined,
  ): T[] | undefined {
    const list = readList(object, key, path, this.problems);
    if (list === undefined) return undefined;
    const listPath = childPath(path, key);
    const children = list.map((value, i) => read(value, childPath(listPath, i)));
    checkWeightSum(
      children.map((child) => child?.weight),
      listPath,
      this.problems,
    );
    return children.every(isComplete) ? (children as T[]) : undefined;
  }
}

/** Every field read without a problem; optional fields that are absent are left out, not undefined. */
export function isComplete<T>(child: Partial<T> | undefined): boolean {
  return child !== undefined && Object.values(child).every((value) => value !== undefined);
}

/** Adds an optional field only when the document has it, so a clean copy has no undefined keys. */
export function withOptional<T extends object, K extends string, V>(
  target: T,
  key: K,
  present: boolean,
  value: V,
): T & Partial<Record<K, V>> {
  return present ? { ...target, [key]: value } : target;
}
