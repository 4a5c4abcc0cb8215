import type { RequiredEvidence, RubricKind, SubIndicator } from './framework';
import { readCode, readList, readObject, readPercent, readText, type JsonObject } from './framework-fields';
import { childPath, type FrameworkProblems } from './framework-problems';
import { withOptional, type FrameworkReader } from './framework-reader';
import { evidencePointSteps, MAX_POINTS_EVIDENCE } from './rubric';
import { Decimal } from './decimal';
import { readRubricSteps } from './validate-rubric-steps';

const RUBRIC_KINDS: readonly RubricKind[] = ['steps', 'evidence-points'];

export function readSubIndicator(
  value: unknown,
  path: string,
  reader: FrameworkReader,
): Partial<SubIndicator> | undefined {
  const object = readObject(value, path, reader.problems);
  if (object === undefined) return undefined;
  const code = reader.code(object, path);
  const name = readText(object, 'name', path, reader.problems);
  const weight = reader.weight(object, path);
  const kind = readRubricKind(object, path, reader.problems);
  const rubric =
    kind === 'evidence-points'
      ? readPointsRubric(object, path, reader.problems)
      : readStepsRubric(object, path, reader.problems, kind !== undefined);
  const subIndicator = { code, name, weight, rubricSteps: rubric.steps, requiredEvidence: rubric.evidence };
  // `steps` is the default and is left out, so every clean copy of the same framework is identical.
  return withOptional(subIndicator, 'rubricKind', kind !== 'steps', kind);
}

function readRubricKind(object: JsonObject, path: string, problems: FrameworkProblems): RubricKind | undefined {
  const kind = object['rubricKind'];
  if (kind === undefined) return 'steps';
  if (RUBRIC_KINDS.some((known) => known === kind)) return kind as RubricKind;
  problems.add(childPath(path, 'rubricKind'), 'harus "steps" (langkah rubrik) atau "evidence-points" (poin per dokumen)');
  return undefined;
}

interface Rubric {
  steps: number[] | undefined;
  evidence: RequiredEvidence[] | undefined;
}

/** With an invalid kind the steps are still checked, so every other problem is reported too. */
function readStepsRubric(object: JsonObject, path: string, problems: FrameworkProblems, kindOk: boolean): Rubric {
  const steps = readRubricSteps(object, path, problems);
  const evidence = readRequiredEvidence(object, path, problems, 'forbidden');
  return { steps: kindOk ? steps : undefined, evidence };
}

/** Points per accepted evidence item: the items' points sum to 100, the steps follow from them. */
function readPointsRubric(object: JsonObject, path: string, problems: FrameworkProblems): Rubric {
  const evidence = readRequiredEvidence(object, path, problems, 'required');
  if (evidence === undefined) return { steps: undefined, evidence };
  const listPath = childPath(path, 'requiredEvidence');
  if (evidence.length > MAX_POINTS_EVIDENCE) {
    problems.add(listPath, `rubrik evidence-points paling banyak ${MAX_POINTS_EVIDENCE} dokumen, sekarang ${evidence.length}`);
    return { steps: undefined, evidence };
  }
  const points = evidence.map((item) => item.points as number);
  const sum = points.reduce((total: Decimal, point) => total.plus(point), new Decimal(0));
  if (!sum.equals(100)) {
    problems.add(listPath, `jumlah poin dokumen harus tepat 100, sekarang ${sum.toString()}`);
    return { steps: undefined, evidence };
  }
  const steps = evidencePointSteps(points);
  if (object['rubricSteps'] !== undefined && !sameSteps(object['rubricSteps'], steps)) {
    problems.add(
      childPath(path, 'rubricSteps'),
      `dihitung dari poin dokumen: seharusnya ${steps.join(', ')} (atau kosongkan)`,
    );
    return { steps: undefined, evidence };
  }
  return { steps, evidence };
}

function sameSteps(given: unknown, steps: number[]): boolean {
  return Array.isArray(given) && given.length === steps.length && given.every((step, i) => step === steps[i]);
}

/** Evidence codes only need to be unique within their sub-indicator: uploads name both. */
function readRequiredEvidence(
  object: JsonObject,
  path: string,
  problems: FrameworkProblems,
  points: 'required' | 'forbidden',
): RequiredEvidence[] | undefined {
  const list = readList(object, 'requiredEvidence', path, problems);
  if (list === undefined) return undefined;
  const listPath = childPath(path, 'requiredEvidence');
  const seen = new Set<string>();
  const evidence = list.map((value, i) => {
    const itemPath = childPath(listPath, i);
    const item = readObject(value, itemPath, problems);
    if (item === undefined) return undefined;
    const code = readEvidenceCode(item, itemPath, problems, seen);
    const name = readText(item, 'name', itemPath, problems);
    const itemPoints = readEvidencePoints(item, itemPath, problems, points);
    if (code === undefined || name === undefined || itemPoints === null) return undefined;
    return withOptional({ code, name }, 'points', itemPoints !== undefined, itemPoints);
  });
  return evidence.every((item) => item !== undefined) ? (evidence as RequiredEvidence[]) : undefined;
}

function readEvidenceCode(
  item: JsonObject,
  itemPath: string,
  problems: FrameworkProblems,
  seen: Set<string>,
): string | undefined {
  const code = readCode(item, itemPath, problems);
  if (code === undefined) return undefined;
  if (seen.has(code)) {
    problems.add(childPath(itemPath, 'code'), `kode dokumen "${code}" tercantum lebih dari sekali`);
    return undefined;
  }
  seen.add(code);
  return code;
}

/** Undefined: no points (as required); null: a problem was reported. */
function readEvidencePoints(
  item: JsonObject,
  itemPath: string,
  problems: FrameworkProblems,
  points: 'required' | 'forbidden',
): number | undefined | null {
  const value = item['points'];
  const pointsPath = childPath(itemPath, 'points');
  if (points === 'forbidden') {
    if (value === undefined) return undefined;
    problems.add(pointsPath, 'poin hanya untuk rubrik evidence-points; hapus atau ubah rubricKind');
    return null;
  }
  if (value === undefined) {
    problems.add(pointsPath, 'wajib diisi untuk rubrik evidence-points (poin per dokumen diterima)');
    return null;
  }
  return readPercent(value, pointsPath, problems, false) ?? null;
}
