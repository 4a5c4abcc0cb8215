import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decisions scoring refused (mcp.decision.refused.v1, docs/decisions.md #74, #120): a refused
 * decision counts in no score, so the evidence trail must not take it for the decision in force.
 * One row per refused decision, keyed by it, never updated, like the rest of the trail.
 */
export class DecisionRefusals1763700000540 implements MigrationInterface {
  name = 'DecisionRefusals1763700000540';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "reporting"."decision_refusal" (
        decision_id uuid PRIMARY KEY,
        reason_code text NOT NULL,
        reason text NOT NULL,
        refused_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reporting"."decision_refusal"`);
  }
}
