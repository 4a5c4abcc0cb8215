import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where verification says a verifier or QA reviewer works, fed by `mcp.verifier.wilayah-assigned.v1`:
 * the live hints and the session follow an admin's move, not the token's claim (docs/decisions.md #193).
 * A removed move stays as a row with no wilayah, so an older event arriving late cannot revive it.
 */
export class VerifierWilayah1763700000970 implements MigrationInterface {
  name = 'VerifierWilayah1763700000970';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "portal"."verifier_wilayah" (
        subject text PRIMARY KEY,
        wilayah text,
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "portal"."verifier_wilayah"`);
  }
}
