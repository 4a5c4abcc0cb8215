import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions scoring refused for a business reason (a closed year, docs/decisions.md #74): kept with
 * the reason and the refused event's id, so the refusal is answered once (mcp.decision.refused.v1)
 * and an operator can see what was not counted and why.
 */
export class RefusedDecisions1763700000740 implements MigrationInterface {
  name = 'RefusedDecisions1763700000740';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "scoring"."refused_decision" (
        decision_id uuid PRIMARY KEY,
        event_id text NOT NULL,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        sequence bigint NOT NULL,
        reason_code text NOT NULL CHECK (reason_code IN ('year_closed')),
        reason text NOT NULL,
        refused_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX refused_decision_year_pemda ON "scoring"."refused_decision" (year, pemda_code)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "scoring"."refused_decision"`);
  }
}
