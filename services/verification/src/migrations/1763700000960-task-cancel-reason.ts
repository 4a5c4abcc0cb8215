import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a task was cancelled, where it matters: a task cancelled because a published revision dropped
 * its sub-indicator goes back to the queue when a later revision has the code again (#166). Tasks
 * cancelled because their files were withdrawn keep NULL.
 */
export class TaskCancelReason1763700000960 implements MigrationInterface {
  name = 'TaskCancelReason1763700000960';

  async up(queryRunner: QueryRunner): Promise<void> {
    const task = sqlTable(queryRunner.manager, 'task');
    await queryRunner.query(`ALTER TABLE ${task} ADD COLUMN cancel_reason text CHECK (cancel_reason IN ('sub_indicator_removed'))`);
    await queryRunner.query(
      `UPDATE ${task} SET cancel_reason = 'sub_indicator_removed'
        WHERE status = 'cancelled' AND id IN (
          SELECT task_id FROM ${sqlTable(queryRunner.manager, 'task_history')} WHERE kind = 'cancelled' AND detail->>'because' = 'sub-indicator removed')`,
    );
    await queryRunner.query(
      `CREATE INDEX "task_removed_by_item" ON ${task} (pemda_code, year, sub_indicator_code) WHERE cancel_reason = 'sub_indicator_removed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${sqlTable(queryRunner.manager, 'task_removed_by_item')}`);
    await queryRunner.query(`ALTER TABLE ${sqlTable(queryRunner.manager, 'task')} DROP COLUMN cancel_reason`);
  }
}
