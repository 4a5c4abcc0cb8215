import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A file withdrawn from a cancelled task, or from one whose year is closed, was recorded as
 * `kept-decided` although nothing was decided (#202). Such rows are relabelled from the task's
 * history, which names the task's status at the withdrawal.
 */
export class WithdrawalKeptOutcomes1763700000990 implements MigrationInterface {
  name = 'WithdrawalKeptOutcomes1763700000990';

  async up(queryRunner: QueryRunner): Promise<void> {
    const withdrawal = sqlTable(queryRunner.manager, 'evidence_withdrawal');
    await queryRunner.query(`ALTER TABLE ${withdrawal} DROP CONSTRAINT evidence_withdrawal_outcome_check`);
    await queryRunner.query(
      `ALTER TABLE ${withdrawal} ADD CONSTRAINT evidence_withdrawal_outcome_check
         CHECK (outcome IN ('removed', 'removed-task-cancelled', 'kept-claimed', 'kept-decided', 'kept-cancelled', 'kept-year-closed', 'before-intake'))`,
    );
    await queryRunner.query(
      `UPDATE ${withdrawal} withdrawal
          SET outcome = CASE history.detail->>'taskStatus' WHEN 'cancelled' THEN 'kept-cancelled' ELSE 'kept-year-closed' END
         FROM ${sqlTable(queryRunner.manager, 'task_history')} history
        WHERE withdrawal.outcome = 'kept-decided' AND history.task_id = withdrawal.task_id AND history.kind = 'evidence_withdrawn'
          AND lower(history.detail->>'evidenceId') = withdrawal.evidence_id::text AND history.detail->>'taskStatus' IN ('cancelled', 'year_closed')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const withdrawal = sqlTable(queryRunner.manager, 'evidence_withdrawal');
    await queryRunner.query(`UPDATE ${withdrawal} SET outcome = 'kept-decided' WHERE outcome IN ('kept-cancelled', 'kept-year-closed')`);
    await queryRunner.query(`ALTER TABLE ${withdrawal} DROP CONSTRAINT evidence_withdrawal_outcome_check`);
    await queryRunner.query(
      `ALTER TABLE ${withdrawal} ADD CONSTRAINT evidence_withdrawal_outcome_check
         CHECK (outcome IN ('removed', 'removed-task-cancelled', 'kept-claimed', 'kept-decided', 'before-intake'))`,
    );
  }
}
