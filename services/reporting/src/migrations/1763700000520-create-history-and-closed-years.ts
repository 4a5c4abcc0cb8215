import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every score a Pemda had (one row per event, so a replay adds nothing), for month-end progress;
 * and the closed years, whose scores are final and therefore published as open data.
 */
export class CreateHistoryAndClosedYears1763700000520 implements MigrationInterface {
  name = 'CreateHistoryAndClosedYears1763700000520';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "reporting"."pemda_score_history" (
        event_id uuid PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        total numeric NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "pemda_score_history_as_of" ON "reporting"."pemda_score_history" (year, pemda_code, computed_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE "reporting"."closed_year" (
        year integer PRIMARY KEY,
        closed_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reporting"."closed_year"`);
    await queryRunner.query(`DROP TABLE "reporting"."pemda_score_history"`);
  }
}
