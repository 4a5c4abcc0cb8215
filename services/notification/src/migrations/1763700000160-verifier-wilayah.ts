import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification's moves of verifiers and QA reviewers between wilayah (mcp.verifier.wilayah-assigned.v1),
 * which win over the wilayah filed for a recipient when a notice goes to "QA of the wilayah"
 * (docs/decisions.md #47). A row without wilayah: the move was removed.
 */
export class VerifierWilayah1763700000160 implements MigrationInterface {
  name = 'VerifierWilayah1763700000160';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification"."verifier_wilayah" (
        subject text PRIMARY KEY,
        wilayah text,
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification"."verifier_wilayah"`);
  }
}
