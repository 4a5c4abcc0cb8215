import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1763700000100 implements MigrationInterface {
  name = 'CreateNotifications1763700000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification"."notification" (
        id uuid PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        source_event_id uuid NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX "notification_by_pemda" ON "notification"."notification" (pemda_code, created_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification"."notification"`);
  }
}
