import type { Area, Framework, Indicator, RequiredEvidence, SubIndicator } from './framework';
import {
  checkWeightSum,
  readCode,
  readInteger,
  readList,
  readObject,
  readPercent,
  readText,
  type JsonObject,
} from './framework-fields';
import { childPath, FrameworkProblems, type FrameworkProblem } from './framework-problems';
import { isIanaTimeZone, isIsoInstantWithOffset } from './iso-instant';
import { readRubricSteps } from './validate-rubric-steps';

export type FrameworkValidation =
  { ok: true; framework: Framework } | { ok: false; problems: FrameworkProblem[] };

/**
 * Checks a framework document (from JSON, an upload or an event) and reports every problem with
 * its path. On success returns a clean copy holding only the framework's own fields.
 */
export function validateFramework(input: unknown): FrameworkValidation {
  const problems = new FrameworkProblems();
  const framework = readFramework(input, new FrameworkReader(problems));
  if (problems.list.length > 0 || framework === undefined)
    return { ok: false, problems: problems.list };
  return { ok: true, framework };
}

/** Walks the tree, remembering where each code was first used: codes are unique framework-wide. */
class FrameworkReader {
  private readonly codePaths = new Map<string, string>();

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

function isComplete<T>(child: Partial<T> | undefined): boolean {
  return child !== undefined && Object.values(child).every((value) => value !== undefined);
}

function readFramework(input: unknown, reader: FrameworkReader): Framework | undefined {
  const object = readObject(input, '', reader.problems);
  if (object === undefined) return undefined;
  const framework = {
    year: readInteger(object, 'year', { min: 2000, max: 2100 }, '', reader.problems),
    revision: readInteger(
      object,
      'revision',
      { min: 1, max: Number.MAX_SAFE_INTEGER },
      '',
      reader.problems,
    ),
    name: readText(object, 'name', '', reader.problems),
    uploadDeadline: readDeadline(object, reader.problems),
    timeZone: readTimeZone(object, reader.problems),
    areas: reader.children<Area>(object, 'areas', '', (value, path) =>
      readArea(value, path, reader),
    ),
  };
  return isComplete(framework) ? (framework as Framework) : undefined;
}

function readDeadline(object: JsonObject, problems: FrameworkProblems): string | undefined {
  const deadline = readText(object, 'uploadDeadline', '', problems);
  if (deadline === undefined || isIsoInstantWithOffset(deadline)) return deadline;
  problems.add(
    'uploadDeadline',
    'harus waktu ISO-8601 lengkap dengan zona, mis. 2024-11-30T23:59:59+07:00',
  );
  return undefined;
}

function readTimeZone(object: JsonObject, problems: FrameworkProblems): string | undefined {
  const zone = readText(object, 'timeZone', '', problems);
  if (zone === undefined || isIanaTimeZone(zone)) return zone;
  problems.add('timeZone', `zona waktu "${zone}" tidak dikenal, mis. Asia/Jakarta`);
  return undefined;
}

function readArea(
  value: unknown,
  path: string,
  reader: FrameworkReader,
): Partial<Area> | undefined {
  const object = readObject(value, path, reader.problems);
  if (object === undefined) return undefined;
  return {
    code: reader.code(object, path),
    name: readText(object, 'name', path, reader.problems),
    weight: reader.weight(object, path),
    indicators: reader.children<Indicator>(object, 'indicators', path, (child, childItemPath) =>
      readIndicator(child, childItemPath, reader),
    ),
  };
}

function readIndicator(
  value: unknown,
  path: string,
  reader: FrameworkReader,
): Partial<Indicator> | undefined {
  const object = readObject(value, path, reader.problems);
  if (object === undefined) return undefined;
  return {
    code: reader.code(object, path),
    name: readText(object, 'name', path, reader.problems),
    weight: reader.weight(object, path),
    subIndicators: reader.children<SubIndicator>(
      object,
      'subIndicators',
      path,
      (child, childItemPath) => readSubIndicator(child, childItemPath, reader),
    ),
  };
}

function readSubIndicator(
  value: unknown,
  path: string,
  reader: FrameworkReader,
): Partial<SubIndicator> | undefined {
  const object = readObject(value, path, reader.problems);
  if (object === undefined) return undefined;
  return {
    code: reader.code(object, path),
    name: readText(object, 'name', path, reader.problems),
    weight: reader.weight(object, path),
    rubricSteps: readRubricSteps(object, path, reader.problems),
    requiredEvidence: readRequiredEvidence(object, path, reader.problems),
  };
}

/** Evidence codes only need to be unique within their sub-indicator: uploads name both. */
function readRequiredEvidence(
  object: JsonObject,
  path: string,
  problems: FrameworkProblems,
): RequiredEvidence[] | undefined {
  const list = readList(object, 'requiredEvidence', path, problems);
  if (list === undefined) return undefined;
  const listPath = childPath(path, 'requiredEvidence');
  const seen = new Set<string>();
  const evidence = list.map((value, i) => {
    const itemPath = childPath(listPath, i);
    const item = readObject(value, itemPath, problems);
    if (item === undefined) return undefined;
    const code = readCode(item, itemPath, problems);
    const name = readText(item, 'name', itemPath, problems);
    if (code !== undefined && seen.has(code)) {
      problems.add(
        childPath(itemPath, 'code'),
        `kode dokumen "${code}" tercantum lebih dari sekali`,
      );
      return undefined;
    }
    if (code !== undefined) seen.add(code);
    return code === undefined || name === undefined ? undefined : { code, name };
  });
  return evidence.every((item) => item !== undefined)
    ? (evidence as RequiredEvidence[])
    : undefined;
}
