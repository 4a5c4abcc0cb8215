import type { SubIndicatorValue } from './sub-indicator-value.entity';

/**
 * The input of computePemdaScore: only an approval in force counts. A rejection or a revision
 * request has no verified value and scores 0, so it is left out (the framework treats a missing
 * sub-indicator as 0). The numeric text goes back to the JSON number the event carried (at most
 * 6 decimals, a rubric step), which is exactly what the rubric check compares against.
 */
export function verifiedValuesOf(
  values: readonly Pick<SubIndicatorValue, 'subIndicatorCode' | 'outcome' | 'verifiedValue'>[],
): Map<string, number> {
  const verified = new Map<string, number>();
  for (const value of values) {
    if (value.outcome === 'approved' && value.verifiedValue !== null) {
      verified.set(value.subIndicatorCode, Number(value.verifiedValue));
    }
  }
  return verified;
}
