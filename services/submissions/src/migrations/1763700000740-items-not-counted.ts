import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scoring's refusals (mcp.decision.refused.v1, docs/decisions.md #74): the item remembers the
 * highest refused sequence and why, so a decision in force that scoring did not count shows as such.
 * Kept apart from the decision in force because the two events travel on different topics and
 * either may arrive first.
 */
export class ItemsNotCounted1763700000740 implements MigrationInterface {
  name = 'ItemsNotCounted1763700000740';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "submissions"."submission"
        ADD COLUMN not_counted_sequence integer,
        ADD COLUMN not_counted_reason text,
        ADD COLUMN not_counted_at timestamptz`);
    await queryRunner.query(`ALTER TABLE "submissions"."submission_history" DROP CONSTRAINT submission_history_kind_check`);
    await queryRunner.query(`
      ALTER TABLE "submissions"."submission_history" ADD CONSTRAINT submission_history_kind_check
        CHECK (kind IN ('uploaded', 'claim_changed', 'decided', 'withdrawn', 'not_counted'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "submissions"."submission_history" WHERE kind = 'not_counted'`);
    await queryRunner.query(`ALTER TABLE "submissions"."submission_history" DROP CONSTRAINT submission_history_kind_check`);
    await queryRunner.query(`
      ALTER TABLE "submissions"."submission_history" ADD CONSTRAINT submission_history_kind_check
        CHECK (kind IN ('uploaded', 'claim_changed', 'decided', 'withdrawn'))`);
    await queryRunner.query(`
      ALTER TABLE "submissions"."submission"
        DROP COLUMN not_counted_sequence, DROP COLUMN not_counted_reason, DROP COLUMN not_counted_at`);
  }
}
