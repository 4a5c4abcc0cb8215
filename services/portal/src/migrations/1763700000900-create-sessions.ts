import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessions1763700000900 implements MigrationInterface {
  name = 'CreateSessions1763700000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The id is stored hashed: a leaked table or backup cannot be replayed as cookies.
    await queryRunner.query(`
      CREATE TABLE "portal"."session" (
        id_hash text PRIMARY KEY,
        subject text NOT NULL,
        principal jsonb NOT NULL,
        access_token text NOT NULL,
        csrf_token text NOT NULL,
        dev_sign_in boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "session_by_expiry" ON "portal"."session" (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "portal"."session"`);
  }
}
