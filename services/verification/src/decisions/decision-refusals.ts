import type { DecisionRefusedV1 } from '@mcp/contracts';
import { PermanentEventError } from '@mcp/messaging';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { recordTaskHistory } from '../task-records/task-history.repository';

/**
 * Scoring refused one of our decisions (a closed year, mcp.decision.refused.v1): the decision stays,
 * marked as not counted with scoring's reason, so the task and decision views agree with the scores
 * (docs/decisions.md #74). The task keeps its state: nothing can be decided on a closed year anyway.
 */
@Injectable()
export class DecisionRefusals {
  private readonly logger = new Logger(DecisionRefusals.name);

  async markNotCounted(refusal: DecisionRefusedV1, manager: EntityManager): Promise<void> {
    const refusedAt = new Date(refusal.refusedAt);
    // For an UPDATE the driver answers [rows, affected count].
    const [marked]: [{ task_id: string }[], number] = await manager.query(
      `UPDATE ${sqlTable(manager, 'decision')}
          SET not_counted_at = $2, not_counted_reason_code = $3, not_counted_reason = $4
        WHERE id = $1 AND not_counted_at IS NULL
        RETURNING task_id`,
      [refusal.decisionId, refusedAt, refusal.reasonCode, refusal.reason],
    );
    const [row] = marked;
    if (!row) {
      const known = await manager.query(`SELECT 1 FROM ${sqlTable(manager, 'decision')} WHERE id = $1`, [refusal.decisionId]);
      if (known.length > 0) return;
      // Every refused decision was ours and committed before its event left: retrying cannot make it appear.
      throw new PermanentEventError(
        `Keputusan ${refusal.decisionId} tidak dikenal verifikasi; penolakan penilaian tidak dapat dicatat ` +
          `(unknown decision ${refusal.decisionId}: the refusal cannot be recorded)`,
      );
    }
    await recordTaskHistory(manager, row.task_id, {
      at: refusedAt,
      kind: 'decision_not_counted',
      actor: 'scoring',
      detail: { decisionId: refusal.decisionId, reasonCode: refusal.reasonCode, reason: refusal.reason, refusedEventId: refusal.refusedEventId },
    });
    this.logger.warn(`Decision ${refusal.decisionId} not counted by scoring: ${refusal.reasonCode}`);
  }
}
