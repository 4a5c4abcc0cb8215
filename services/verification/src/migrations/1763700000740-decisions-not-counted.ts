import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A decision scoring refused (mcp.decision.refused.v1, docs/decisions.md #74) stays a decision, but
 * is marked as not counted, with when and why, so the task and decision views say what scoring says.
 */
export class DecisionsNotCounted1763700000740 implements MigrationInterface {
  name = 'DecisionsNotCounted1763700000740';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "verification"."decision"
        ADD COLUMN not_counted_at timestamptz,
        ADD COLUMN not_counted_reason_code text CHECK (not_counted_reason_code IN ('year_closed')),
        ADD COLUMN not_counted_reason text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "verification"."decision"
        DROP COLUMN not_counted_at, DROP COLUMN not_counted_reason_code, DROP COLUMN not_counted_reason`);
  }
}
