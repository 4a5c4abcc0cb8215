import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who has signed in to the portal, by subject: the services store a person as a subject only (a
 * UUID under the identity provider), and the pages name them from here (docs/decisions.md #133).
 */
export class People1763700000920 implements MigrationInterface {
  name = 'People1763700000920';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "portal"."person" (
        subject text PRIMARY KEY,
        name text NOT NULL,
        roles text[] NOT NULL,
        pemda_code text,
        last_signed_in_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "portal"."person"`);
  }
}
