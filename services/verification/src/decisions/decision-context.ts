import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import { hydrate, unknownTask } from '../task-records/task-lookup';
import { itemLockSpace } from './decision.repository';
import { Task } from '../task-records/task.entity';

/**
 * What deciding on a task must check, read with the task's lock in one statement instead of one
 * round trip each: the caller's wilayah override, whether the year is closed, whether the caller
 * contributed to the item, and the evidence the decision event lists.
 *
 * The sub-selects see the statement's snapshot even when the lock had to wait for another
 * transaction; every change that could make them stale (an upload or withdrawal, a closed year, a
 * verifier moved away) also updates the task row, and the checks on that row then refuse the
 * decision (EVIDENCE_CHANGED, NOT_CLAIM_HOLDER), so a stale sub-select never lets one through.
 *
 * The same statement then takes the item's sequence lock (`lockItemSequence`), after the task's
 * row lock as every writer of decisions orders them: the decision's INSERT, a statement of its
 * own, starts its snapshot with both held. A refused decision rolls back and releases it.
 */
export interface DecisionContext {
  task: Task;
  /** The admin's wilayah override of the caller, if any (docs/decisions.md #47). */
  overrideWilayah: string | null;
  /** When the task's year was closed, if it was. */
  yearClosedAt: Date | null;
  callerContributed: boolean;
  /** The task's evidence ids, oldest first, as mcp.evidence.verified.v1 lists them. */
  evidenceIds: string[];
}

export async function lockDecisionContext(manager: EntityManager, taskId: string, subject: string): Promise<DecisionContext> {
  const rows: (Record<string, unknown> & ContextColumns)[] = await manager.query(
    // MATERIALIZED: the row is locked before the lateral call takes the item's lock.
    prepared(`WITH locked AS MATERIALIZED (
     SELECT task.*,
            (SELECT override.wilayah FROM ${sqlTable(manager, 'verifier_wilayah')} override WHERE override.subject = $2) AS override_wilayah,
            (SELECT closed.closed_at FROM ${sqlTable(manager, 'closed_year')} closed WHERE closed.year = task.year) AS year_closed_at,
            EXISTS (SELECT 1 FROM ${sqlTable(manager, 'item_contributor')} contributor
                     WHERE contributor.pemda_code = task.pemda_code AND contributor.year = task.year
                       AND contributor.sub_indicator_code = task.sub_indicator_code AND contributor.subject = $2) AS caller_contributed,
            ARRAY(SELECT evidence.evidence_id::text FROM ${sqlTable(manager, 'task_evidence')} evidence
                   WHERE evidence.task_id = task.id ORDER BY evidence.submitted_at, evidence.evidence_id) AS evidence_ids
       FROM ${sqlTable(manager, 'task')} task
      WHERE task.id = $1
        FOR UPDATE OF task)
     SELECT locked.* FROM locked,
            LATERAL pg_advisory_xact_lock(hashtext($3), hashtext(locked.pemda_code || '/' || locked.year || '/' || locked.sub_indicator_code)) AS item_lock`),
    [taskId, subject, itemLockSpace(manager)],
  );
  const row = rows[0];
  if (!row) throw unknownTask(taskId);
  return {
    task: hydrate(manager.connection, Task, row),
    overrideWilayah: row.override_wilayah,
    yearClosedAt: row.year_closed_at,
    callerContributed: row.caller_contributed,
    evidenceIds: row.evidence_ids,
  };
}

interface ContextColumns {
  override_wilayah: string | null;
  year_closed_at: Date | null;
  caller_contributed: boolean;
  evidence_ids: string[];
}
