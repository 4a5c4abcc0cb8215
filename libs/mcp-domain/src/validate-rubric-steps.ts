import { readList, readPercent, type JsonObject } from './framework-fields';
import { childPath, type FrameworkProblems } from './framework-problems';

/** Rubric steps: percentages, strictly ascending (so unique), from 0 (nothing) to 100 (complete). */
export function readRubricSteps(
  object: JsonObject,
  path: string,
  problems: FrameworkProblems,
): number[] | undefined {
  const list = readList(object, 'rubricSteps', path, problems);
  if (list === undefined) return undefined;
  const listPath = childPath(path, 'rubricSteps');
  const steps = list.map((value, i) => readPercent(value, childPath(listPath, i), problems, true));
  if (steps.some((step) => step === undefined)) return undefined;
  const valid = steps as number[];
  const orderOk = checkAscending(valid, listPath, problems);
  const boundsOk = checkBounds(valid, listPath, problems);
  return orderOk && boundsOk ? valid : undefined;
}

function checkAscending(steps: number[], path: string, problems: FrameworkProblems): boolean {
  let ok = true;
  for (let i = 1; i < steps.length; i++) {
    if (steps[i] === steps[i - 1]) {
      problems.add(childPath(path, i), `nilai rubrik ${steps[i]} tercantum lebih dari sekali`);
      ok = false;
    } else if (steps[i] < steps[i - 1]) {
      problems.add(
        childPath(path, i),
        `nilai rubrik harus urut naik: ${steps[i]} sesudah ${steps[i - 1]}`,
      );
      ok = false;
    }
  }
  return ok;
}

function checkBounds(steps: number[], path: string, problems: FrameworkProblems): boolean {
  const missing = [0, 100].filter((bound) => !steps.includes(bound));
  for (const bound of missing) problems.add(path, `nilai rubrik harus memuat ${bound}`);
  return missing.length === 0;
}
