import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every aggregate a region had (one row per event, like `pemda_score_history`), for the month-end
 * series of provinces, wilayah and the nation; and the evidence trail: one row per upload, per
 * withdrawal and per decision, as the events told them. Rows keyed by what the event names are
 * independent of arrival order, so a rebuild from offset 0 ends with the same rows; completeness,
 * the claimed-vs-verified gap, turnaround and the detail export are queries over them.
 */
export class CreateEvidenceTrailAndRegionHistory1763700000530 implements MigrationInterface {
  name = 'CreateEvidenceTrailAndRegionHistory1763700000530';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "reporting"."region_score_history" (
        event_id uuid PRIMARY KEY,
        region_code text NOT NULL,
        region_kind text NOT NULL,
        year integer NOT NULL,
        average numeric NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "region_score_history_as_of" ON "reporting"."region_score_history" (year, region_code, updated_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE "reporting"."evidence_upload" (
        evidence_id uuid PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        claimed_value numeric,
        submitted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "evidence_upload_item" ON "reporting"."evidence_upload" (year, pemda_code, sub_indicator_code, submitted_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE "reporting"."evidence_withdrawal" (
        evidence_id uuid PRIMARY KEY,
        withdrawn_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "reporting"."verification_decision" (
        decision_id uuid PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        sequence integer NOT NULL,
        outcome text NOT NULL,
        verified_value numeric,
        claimed_value numeric,
        evidence_ids uuid[] NOT NULL,
        decided_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "verification_decision_item" ON "reporting"."verification_decision" (year, pemda_code, sub_indicator_code, sequence DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reporting"."verification_decision"`);
    await queryRunner.query(`DROP TABLE "reporting"."evidence_withdrawal"`);
    await queryRunner.query(`DROP TABLE "reporting"."evidence_upload"`);
    await queryRunner.query(`DROP TABLE "reporting"."region_score_history"`);
  }
}
