import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvidence1763700000200 implements MigrationInterface {
  name = 'CreateEvidence1763700000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "submissions"."evidence" (
        id uuid PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        claimed_value numeric(6, 2),
        sha256 char(64) NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        content_type text NOT NULL,
        file_name text NOT NULL,
        storage_key text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'submitted',
        status_reason text,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "evidence_by_item" ON "submissions"."evidence" (pemda_code, year, sub_indicator_code)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "submissions"."evidence"`);
  }
}
