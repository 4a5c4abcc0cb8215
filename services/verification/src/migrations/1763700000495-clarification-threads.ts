import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clarification thread of each task (issue 15) and the spans during which a verifier's
 * question paused the task's clock. A pause is its own row rather than a column on the task: the
 * manager views subtract every pause inside an upload-to-decision span, and a task can be asked
 * more than once.
 */
export class ClarificationThreads1763700000495 implements MigrationInterface {
  name = 'ClarificationThreads1763700000495';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "verification"."clarification_message" (
      id uuid PRIMARY KEY,
      task_id uuid NOT NULL REFERENCES "verification"."task" (id),
      author_side text NOT NULL CHECK (author_side IN ('verifier', 'pemda')),
      author text NOT NULL,
      author_roles text[] NOT NULL,
      body text NOT NULL,
      attachment_id uuid,
      pauses_clock boolean NOT NULL DEFAULT false,
      posted_at timestamptz NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "clarification_message_task" ON "verification"."clarification_message" (task_id, posted_at, id)`);
    await queryRunner.query(`CREATE TABLE "verification"."clarification_pause" (
      task_id uuid NOT NULL REFERENCES "verification"."task" (id),
      question_id uuid PRIMARY KEY REFERENCES "verification"."clarification_message" (id),
      paused_at timestamptz NOT NULL,
      resumed_at timestamptz,
      answer_id uuid REFERENCES "verification"."clarification_message" (id)
    )`);
    // At most one running pause per task: a second pausing question while one runs changes nothing.
    await queryRunner.query(`CREATE UNIQUE INDEX "clarification_pause_running" ON "verification"."clarification_pause" (task_id) WHERE resumed_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "verification"."clarification_pause"`);
    await queryRunner.query(`DROP TABLE "verification"."clarification_message"`);
  }
}
