import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A Pemda's clarification threads are found through its tasks (GET /v1/pemda/:code/clarifications,
 * on every visit of its page). task_one_active_per_item covers active tasks only, so without this
 * the list read the whole task table: 546 Pemda × a few hundred tasks a year. And a pause left
 * running on a finished task, from before a decision ended one (docs/decisions.md #66), ends when the
 * task was finished.
 */
export class PemdaThreadsAndFinishedPauses1763700000930 implements MigrationInterface {
  name = 'PemdaThreadsAndFinishedPauses1763700000930';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "task_by_pemda" ON "verification"."task" (pemda_code, year)`);
    // At what finished the task after the question: its first decision, else its cancellation or
    // year's closing. Not the task's last change, which a correction or a reroute moves days later.
    await queryRunner.query(`UPDATE "verification"."clarification_pause" pause
        SET resumed_at = COALESCE(
          (SELECT min(decision.decided_at) FROM "verification"."decision" decision
            WHERE decision.task_id = task.id AND decision.decided_at >= pause.paused_at),
          (SELECT min(history.at) FROM "verification"."task_history" history
            WHERE history.task_id = task.id AND history.kind IN ('cancelled', 'year_closed') AND history.at >= pause.paused_at),
          greatest(task.updated_at, pause.paused_at))
       FROM "verification"."task" task
      WHERE pause.task_id = task.id AND pause.resumed_at IS NULL AND task.status NOT IN ('open', 'claimed')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "verification"."task_by_pemda"`);
  }
}
