import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReportTables1763700000500 implements MigrationInterface {
  name = 'CreateReportTables1763700000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    // updated_at is the producer's computedAt / updatedAt, not ours: it decides which event is newer.
    await queryRunner.query(`
      CREATE TABLE "reporting"."pemda_report" (
        pemda_code text NOT NULL,
        year integer NOT NULL,
        framework_revision integer NOT NULL,
        total numeric NOT NULL,
        areas jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (pemda_code, year)
      )`);
    await queryRunner.query(`
      CREATE TABLE "reporting"."region_report" (
        region_code text NOT NULL,
        region_kind text NOT NULL CHECK (region_kind IN ('province', 'wilayah', 'national')),
        year integer NOT NULL,
        average numeric NOT NULL,
        score_sum numeric NOT NULL,
        pemda_count integer NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (region_code, year)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reporting"."region_report"`);
    await queryRunner.query(`DROP TABLE "reporting"."pemda_report"`);
  }
}
