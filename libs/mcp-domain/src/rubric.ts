import { Decimal } from './decimal';
import type { SubIndicator } from './framework';

/** Whether a verifier may give this value to the sub-indicator. */
export function isRubricStep(
  subIndicator: Pick<SubIndicator, 'rubricSteps'>,
  value: number,
): boolean {
  return subIndicator.rubricSteps.includes(value);
}

/** Keeps the list of possible sums (2^n) small enough to show a verifier. */
export const MAX_POINTS_EVIDENCE = 10;

/**
 * The values an `evidence-points` sub-indicator can take: every sum of the points of a subset of
 * its evidence items (none accepted = 0, all = 100), ascending and without repeats. Summed as
 * decimals and turned into numbers once, so 33.333333 × 2 is the same number a JSON "66.666666"
 * parses to.
 */
export function evidencePointSteps(points: readonly number[]): number[] {
  let sums = [new Decimal(0)];
  for (const point of points) sums = [...sums, ...sums.map((sum) => sum.plus(point))];
  const unique = new Map(sums.map((sum) => [sum.toString(), sum]));
  return [...unique.values()]
    .sort((a, b) => a.comparedTo(b))
    .map((sum) => Number(sum.toString()));
}
