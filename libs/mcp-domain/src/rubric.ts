import type { SubIndicator } from './framework';

/** Whether a verifier may give this value to the sub-indicator. */
export function isRubricStep(
  subIndicator: Pick<SubIndicator, 'rubricSteps'>,
  value: number,
): boolean {
  return subIndicator.rubricSteps.includes(value);
}
