import type { AuthPrincipal } from '@mcp/auth';
import type { LocatedSubIndicator } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OperatorAssignmentRepository, type OperatorAssignment } from './operator-assignment.repository';

/** Whether an assignment covers a sub-indicator: its area (worked on or PIC of) or its indicator. */
export function assignmentCovers(assignment: Pick<OperatorAssignment, 'areaCodes' | 'indicatorCodes' | 'picAreaCodes'>, located: LocatedSubIndicator): boolean {
  return (
    assignment.areaCodes.includes(located.area.code) ||
    assignment.picAreaCodes.includes(located.area.code) ||
    assignment.indicatorCodes.includes(located.indicator.code)
  );
}

/** Only operators are limited: the Pemda's admin and KPK roles act on the whole Pemda. */
export function isLimitedOperator(principal: AuthPrincipal): boolean {
  return principal.roles.includes('pemda-operator') && !principal.roles.some((role) => role === 'pemda-admin' || role === 'admin');
}

/**
 * The one check of an operator's assignment before a change to an item (upload, claim, withdrawal).
 * Read from the database on every request, not from the token, so a change or handover by the
 * Pemda admin applies at once (docs/decisions.md #68). Call it after the caller's right to act for
 * the Pemda has been checked.
 */
@Injectable()
export class OperatorScope {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: OperatorAssignmentRepository,
  ) {}

  async assertMayWorkOn(principal: AuthPrincipal, pemdaCode: string, located: LocatedSubIndicator): Promise<void> {
    if (!isLimitedOperator(principal)) return;
    assertAssignmentCovers(pemdaCode, located, await this.assignments.findWithPemdaFlag(this.dataSource.manager, pemdaCode, principal.subject));
  }
}

/** The operator's assignment as one read answers it (`findWithPemdaFlag`, or an upload's destination facts). */
export interface AssignmentFacts {
  assignment?: Pick<OperatorAssignment, 'opdName' | 'areaCodes' | 'indicatorCodes' | 'picAreaCodes'>;
  pemdaHasAssignments: boolean;
}

/**
 * `assertMayWorkOn` on facts already read (an upload reads them with its other checks, in one
 * statement): the same refusals. `undefined` facts: not a limited operator, nothing to check.
 */
export function assertScopeOf(principal: AuthPrincipal, pemdaCode: string, located: LocatedSubIndicator, facts: AssignmentFacts | undefined): void {
  if (!isLimitedOperator(principal) || !facts) return;
  assertAssignmentCovers(pemdaCode, located, facts);
}

function assertAssignmentCovers(pemdaCode: string, located: LocatedSubIndicator, { assignment, pemdaHasAssignments }: AssignmentFacts): void {
  if (!assignment) {
    // A Pemda that has not set up OPD accounts keeps one account working on everything.
    if (!pemdaHasAssignments) return;
    throw new DomainError(
      'forbidden',
      'OPERATOR_NOT_ASSIGNED',
      `Akun Anda belum ditugaskan ke OPD mana pun di Pemda ${pemdaCode}; minta admin Pemda menetapkan penugasan Anda (operator not assigned)`,
    );
  }
  if (!assignmentCovers(assignment, located)) {
    throw new DomainError(
      'forbidden',
      'OUTSIDE_OPERATOR_ASSIGNMENT',
      `Sub-indikator ${located.subIndicator.code} (area ${located.area.code}, indikator ${located.indicator.code}) di luar penugasan Anda ` +
        `untuk ${assignment.opdName}; hubungi admin Pemda (outside the operator's assigned areas and indicators)`,
      { subIndicatorCode: located.subIndicator.code, areaCode: located.area.code },
    );
  }
}
