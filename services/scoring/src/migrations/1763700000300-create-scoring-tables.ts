import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Scores are exact decimals: `numeric` columns, never float, so a recompute matches to the last digit. */
export class CreateScoringTables1763700000300 implements MigrationInterface {
  name = 'CreateScoringTables1763700000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "scoring"."sub_indicator_value" (
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('approved', 'rejected', 'revision_requested')),
        verified_value numeric,
        claimed_value numeric,
        decision_id uuid NOT NULL,
        sequence bigint NOT NULL,
        decided_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (pemda_code, year, sub_indicator_code)
      )`);
    await queryRunner.query(`
      CREATE TABLE "scoring"."pemda_score" (
        pemda_code text NOT NULL,
        year integer NOT NULL,
        framework_revision integer NOT NULL,
        total numeric NOT NULL,
        areas jsonb NOT NULL,
        caused_by_decision_id uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (pemda_code, year)
      )`);
    await queryRunner.query(`
      CREATE TABLE "scoring"."region_aggregate" (
        region_code text NOT NULL,
        year integer NOT NULL,
        region_kind text NOT NULL CHECK (region_kind IN ('province', 'wilayah', 'national')),
        score_sum numeric NOT NULL DEFAULT 0,
        pemda_count integer NOT NULL CHECK (pemda_count > 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_code, year)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "scoring"."region_aggregate"`);
    await queryRunner.query(`DROP TABLE "scoring"."pemda_score"`);
    await queryRunner.query(`DROP TABLE "scoring"."sub_indicator_value"`);
  }
}
