import { isLimitedOperator, type AuthPrincipal } from '@mcp/auth';
import { assignmentRefusal, type AssignmentFacts, type LocatedSubIndicator } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OperatorAssignmentRepository } from './operator-assignment.repository';

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

  /** `manager`: inside a transaction, read on its connection, after the item's lock where it takes one (#215). */
  async assertMayWorkOn(principal: AuthPrincipal, pemdaCode: string, located: LocatedSubIndicator, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!isLimitedOperator(principal)) return;
    assertAssignmentCovers(pemdaCode, located, await this.assignments.findWithPemdaFlag(manager, pemdaCode, principal.subject));
  }
}

/**
 * `assertMayWorkOn` on facts already read (an upload reads them with its other checks, in one
 * statement): the same refusals. `undefined` facts: not a limited operator, nothing to check.
 */
export function assertScopeOf(principal: AuthPrincipal, pemdaCode: string, located: LocatedSubIndicator, facts: AssignmentFacts | undefined): void {
  if (!isLimitedOperator(principal) || !facts) return;
  assertAssignmentCovers(pemdaCode, located, facts);
}

function assertAssignmentCovers(pemdaCode: string, located: LocatedSubIndicator, facts: AssignmentFacts): void {
  const refusal = assignmentRefusal(pemdaCode, located, facts);
  if (refusal) throw new DomainError('forbidden', refusal.code, refusal.message, refusal.details);
}
