import { isLimitedOperator, type AuthPrincipal } from '@mcp/auth';
import type { OperatorAssignmentsChangedV1 } from '@mcp/contracts';
import { assignmentRefusal, type AssignmentFacts } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Task } from '../task-records/task.entity';

type Operators = OperatorAssignmentsChangedV1['operators'];

/**
 * Which operator of a Pemda may work on what, as submissions (which owns OPD accounts) last
 * announced it (`pemda_operator_assignments`, fed by mcp.operator.assignments-changed.v1;
 * docs/decisions.md #137). Each event carries the Pemda's whole set; the highest revision wins, so
 * a late or redelivered older one changes nothing.
 */
@Injectable()
export class PemdaOperatorAssignments {
  constructor(private readonly referenceData: ReferenceData) {}

  async apply(event: OperatorAssignmentsChangedV1, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'pemda_operator_assignments')} AS current (pemda_code, revision, operators, changed_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (pemda_code) DO UPDATE SET revision = EXCLUDED.revision, operators = EXCLUDED.operators, changed_at = EXCLUDED.changed_at
        WHERE current.revision < EXCLUDED.revision`,
      [event.pemdaCode, event.revision, JSON.stringify(event.operators), event.changedAt],
    );
  }

  /**
   * The same rule as submissions' uploads (libs/mcp-domain `assignmentRefusal`): a limited operator
   * acts on the task's item only if their assignment covers its area or indicator. Only a Pemda's
   * operators are limited; check the right to act for the Pemda first.
   */
  async assertMayWorkOn(principal: AuthPrincipal, task: Pick<Task, 'pemdaCode' | 'year' | 'subIndicatorCode'>, manager: EntityManager): Promise<void> {
    if (!isLimitedOperator(principal)) return;
    const framework = await this.referenceData.requireFramework(task.year, manager);
    const located = this.referenceData.requireSubIndicator(framework, task.subIndicatorCode);
    const refusal = assignmentRefusal(task.pemdaCode, located, await this.factsOf(manager, task.pemdaCode, principal.subject));
    if (refusal) throw new DomainError('forbidden', refusal.code, refusal.message, refusal.details);
  }

  private async factsOf(manager: EntityManager, pemdaCode: string, operatorSubject: string): Promise<AssignmentFacts> {
    const [row]: { operators: Operators }[] = await manager.query(
      `SELECT operators FROM ${sqlTable(manager, 'pemda_operator_assignments')} WHERE pemda_code = $1`,
      [pemdaCode],
    );
    const operators = row?.operators ?? [];
    return { assignment: operators.find((operator) => operator.operatorSubject === operatorSubject), pemdaHasAssignments: operators.length > 0 };
  }
}
