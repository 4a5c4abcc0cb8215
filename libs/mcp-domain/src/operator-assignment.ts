import type { LocatedSubIndicator } from './framework-index';

/** What an operator of a Pemda may work on (OPD accounts, docs/decisions.md #68). */
export interface OperatorAssignmentScope {
  opdName: string;
  areaCodes: readonly string[];
  indicatorCodes: readonly string[];
  picAreaCodes: readonly string[];
}

/** The operator's assignment as one read answers it, and whether the Pemda has set up OPD accounts at all. */
export interface AssignmentFacts {
  assignment?: OperatorAssignmentScope;
  pemdaHasAssignments: boolean;
}

/** Why an operator may not act on a sub-indicator; each service turns it into its own 403. */
export interface AssignmentRefusal {
  code: 'OPERATOR_NOT_ASSIGNED' | 'OUTSIDE_OPERATOR_ASSIGNMENT';
  message: string;
  details?: { subIndicatorCode: string; areaCode: string };
}

/** Whether an assignment covers a sub-indicator: its area (worked on or PIC of) or its indicator. */
export function assignmentCovers(assignment: Pick<OperatorAssignmentScope, 'areaCodes' | 'indicatorCodes' | 'picAreaCodes'>, located: LocatedSubIndicator): boolean {
  return (
    assignment.areaCodes.includes(located.area.code) ||
    assignment.picAreaCodes.includes(located.area.code) ||
    assignment.indicatorCodes.includes(located.indicator.code)
  );
}

/**
 * The one rule, wherever an operator acts on an item (submissions: upload, claim, withdrawal,
 * attachment; verification: a clarification message): `undefined` when the operator may.
 */
export function assignmentRefusal(pemdaCode: string, located: LocatedSubIndicator, { assignment, pemdaHasAssignments }: AssignmentFacts): AssignmentRefusal | undefined {
  if (!assignment) {
    // A Pemda that has not set up OPD accounts keeps one account working on everything.
    if (!pemdaHasAssignments) return undefined;
    return {
      code: 'OPERATOR_NOT_ASSIGNED',
      message: `Akun Anda belum ditugaskan ke OPD mana pun di Pemda ${pemdaCode}; minta admin Pemda menetapkan penugasan Anda (operator not assigned)`,
    };
  }
  if (assignmentCovers(assignment, located)) return undefined;
  return {
    code: 'OUTSIDE_OPERATOR_ASSIGNMENT',
    message:
      `Sub-indikator ${located.subIndicator.code} (area ${located.area.code}, indikator ${located.indicator.code}) di luar penugasan Anda ` +
      `untuk ${assignment.opdName}; hubungi admin Pemda (outside the operator's assigned areas and indicators)`,
    details: { subIndicatorCode: located.subIndicator.code, areaCode: located.area.code },
  };
}
