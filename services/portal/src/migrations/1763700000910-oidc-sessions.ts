import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A session opened through the identity provider keeps what renews and ends it. */
export class OidcSessions1763700000910 implements MigrationInterface {
  name = 'OidcSessions1763700000910';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "portal"."session"
        ADD COLUMN refresh_token text,
        ADD COLUMN access_expires_at timestamptz,
        ADD COLUMN id_token text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "portal"."session" DROP COLUMN refresh_token, DROP COLUMN access_expires_at, DROP COLUMN id_token`);
  }
}
