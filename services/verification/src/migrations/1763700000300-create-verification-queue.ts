import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateVerificationQueue1763700000300 implements MigrationInterface {
  name = 'CreateVerificationQueue1763700000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "verification"."task" (
        id uuid PRIMARY KEY,
        pemda_code text NOT NULL,
        province_code text NOT NULL,
        wilayah text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'claimed', 'revision_requested', 'decided')),
        claimed_value numeric(6, 2),
        claimed_by text,
        lease_expires_at timestamptz,
        outcome text,
        evidence_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The rule "one open task per Pemda × year × sub-indicator" is enforced by the database,
    // not only by the code that usually respects it.
    await queryRunner.query(`
      CREATE UNIQUE INDEX "task_one_open_per_item" ON "verification"."task" (pemda_code, year, sub_indicator_code)
      WHERE status <> 'decided'`);
    await queryRunner.query(`
      CREATE INDEX "task_queue" ON "verification"."task" (wilayah, created_at, id)
      WHERE status IN ('open', 'claimed')`);
    await queryRunner.query(`
      CREATE TABLE "verification"."task_evidence" (
        evidence_id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES "verification"."task" (id),
        sha256 char(64) NOT NULL,
        file_name text NOT NULL,
        size_bytes bigint NOT NULL,
        claimed_value numeric(6, 2),
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "task_evidence_by_task" ON "verification"."task_evidence" (task_id)`);
    await queryRunner.query(`
      CREATE TABLE "verification"."decision" (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES "verification"."task" (id),
        sequence integer NOT NULL,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('approved', 'rejected', 'revision_requested')),
        verified_value numeric(6, 2),
        reason text,
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL,
        UNIQUE (pemda_code, year, sub_indicator_code, sequence)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "verification"."decision"`);
    await queryRunner.query(`DROP TABLE "verification"."task_evidence"`);
    await queryRunner.query(`DROP TABLE "verification"."task"`);
  }
}
