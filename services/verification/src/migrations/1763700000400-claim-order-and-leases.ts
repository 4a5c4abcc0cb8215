import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claim-next order (deadline, weight in the total, age), lease bookkeeping, revision rounds, the
 * cancelled and year_closed states, and the task history. Existing rows are backfilled from the
 * schema's own framework copy, so a developer database keeps working.
 */
export class ClaimOrderAndLeases1763700000400 implements MigrationInterface {
  name = 'ClaimOrderAndLeases1763700000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "verification"."task"
        ADD COLUMN deadline timestamptz,
        ADD COLUMN weight_in_total numeric,
        ADD COLUMN waiting_since timestamptz,
        ADD COLUMN claimed_at timestamptz,
        ADD COLUMN revision_rounds integer NOT NULL DEFAULT 0`);
    await this.backfillTasks(queryRunner);
    await queryRunner.query(`
      ALTER TABLE "verification"."task"
        ALTER COLUMN deadline SET NOT NULL,
        ALTER COLUMN weight_in_total SET NOT NULL,
        ALTER COLUMN waiting_since SET NOT NULL,
        DROP CONSTRAINT task_status_check,
        ADD CONSTRAINT task_status_check
          CHECK (status IN ('open', 'claimed', 'revision_requested', 'decided', 'cancelled', 'year_closed'))`);
    await queryRunner.query(`DROP INDEX "verification"."task_one_open_per_item"`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "task_one_active_per_item" ON "verification"."task" (pemda_code, year, sub_indicator_code)
      WHERE status IN ('open', 'claimed', 'revision_requested')`);
    await queryRunner.query(`DROP INDEX "verification"."task_queue"`);
    // Claim-next walks this index in its ORDER BY and stops at the first row it can lock. Only
    // open rows are in it: expired leases are put back to open first (see TaskClaims).
    await queryRunner.query(`
      CREATE INDEX "task_claim_order" ON "verification"."task" (wilayah, deadline, weight_in_total DESC, created_at, id)
      WHERE status = 'open'`);
    await queryRunner.query(`
      CREATE INDEX "task_lease_expiry" ON "verification"."task" (wilayah, lease_expires_at) WHERE status = 'claimed'`);
    await queryRunner.query(`
      CREATE INDEX "task_claims_by_holder" ON "verification"."task" (claimed_by) WHERE status = 'claimed'`);
    await queryRunner.query(`
      CREATE INDEX "task_waiting" ON "verification"."task" (wilayah, waiting_since) WHERE status IN ('open', 'claimed')`);
    await queryRunner.query(`ALTER TABLE "verification"."task_evidence" ADD COLUMN withdrawn_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE "verification"."task_history" (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES "verification"."task" (id),
        at timestamptz NOT NULL,
        kind text NOT NULL,
        actor text,
        detail jsonb
      )`);
    await queryRunner.query(`CREATE INDEX "task_history_by_task" ON "verification"."task_history" (task_id, id)`);
  }

  private async backfillTasks(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      WITH latest AS (
        SELECT DISTINCT ON (year) year, document FROM "verification"."framework" ORDER BY year, revision DESC
      ), weights AS (
        SELECT latest.year, sub->>'code' AS code, (latest.document->>'uploadDeadline')::timestamptz AS deadline,
               trim_scale((area->>'weight')::numeric * (ind->>'weight')::numeric * (sub->>'weight')::numeric / 10000) AS weight
          FROM latest,
               jsonb_array_elements(latest.document->'areas') area,
               jsonb_array_elements(area->'indicators') ind,
               jsonb_array_elements(ind->'subIndicators') sub
      )
      UPDATE "verification"."task" task
         SET deadline = weights.deadline, weight_in_total = weights.weight
        FROM weights
       WHERE weights.year = task.year AND weights.code = task.sub_indicator_code`);
    await queryRunner.query(`
      UPDATE "verification"."task" task SET
        deadline = COALESCE(deadline, '9999-12-31T23:59:59Z'),
        weight_in_total = COALESCE(weight_in_total, 0),
        waiting_since = COALESCE(
          (SELECT min(submitted_at) FROM "verification"."task_evidence" e WHERE e.task_id = task.id), created_at),
        claimed_at = CASE WHEN status = 'claimed' THEN updated_at END,
        revision_rounds = (SELECT count(*) FROM "verification"."decision" d
                            WHERE d.task_id = task.id AND d.outcome = 'revision_requested')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "verification"."task_history"`);
    await queryRunner.query(`ALTER TABLE "verification"."task_evidence" DROP COLUMN withdrawn_at`);
    for (const index of ['task_claim_order', 'task_lease_expiry', 'task_claims_by_holder', 'task_waiting', 'task_one_active_per_item']) {
      await queryRunner.query(`DROP INDEX "verification"."${index}"`);
    }
    await queryRunner.query(`DELETE FROM "verification"."task" WHERE status IN ('cancelled', 'year_closed')`);
    await queryRunner.query(`
      ALTER TABLE "verification"."task"
        DROP CONSTRAINT task_status_check,
        ADD CONSTRAINT task_status_check CHECK (status IN ('open', 'claimed', 'revision_requested', 'decided')),
        DROP COLUMN deadline, DROP COLUMN weight_in_total, DROP COLUMN waiting_since,
        DROP COLUMN claimed_at, DROP COLUMN revision_rounds`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "task_one_open_per_item" ON "verification"."task" (pemda_code, year, sub_indicator_code)
      WHERE status <> 'decided'`);
    await queryRunner.query(`
      CREATE INDEX "task_queue" ON "verification"."task" (wilayah, created_at, id) WHERE status IN ('open', 'claimed')`);
  }
}
