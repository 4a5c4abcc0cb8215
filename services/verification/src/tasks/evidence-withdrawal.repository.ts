import type { EvidenceWithdrawnV1 } from '@mcp/contracts';
import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';

/** `kept-…`: the file stays on a task that is held (`claimed`), decided, cancelled or of a closed year (#202). */
export type WithdrawalOutcome = 'removed' | 'removed-task-cancelled' | 'kept-claimed' | 'kept-decided' | 'kept-cancelled' | 'kept-year-closed' | 'before-intake';

/** Every withdrawal received, once per evidence item, with what it did to the queue. */
export async function recordWithdrawal(
  manager: EntityManager,
  event: EvidenceWithdrawnV1,
  taskId: string | null,
  outcome: WithdrawalOutcome,
  recordedAt: Date,
): Promise<void> {
  await manager.query(
    `INSERT INTO ${sqlTable(manager, 'evidence_withdrawal')}
       (evidence_id, task_id, outcome, reason, withdrawn_by, withdrawn_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (evidence_id) DO NOTHING`,
    [event.evidenceId, taskId, outcome, event.reason, event.withdrawnBy, event.withdrawnAt, recordedAt],
  );
}
