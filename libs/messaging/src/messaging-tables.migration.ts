import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox and inbox live in each service's own schema, because they must be written in the
 * same transaction as that service's state. Each service lists this migration with its own.
 */
export function messagingTablesMigration(schema: string): new () => MigrationInterface {
  const outbox = `"${schema}"."outbox"`;
  const inbox = `"${schema}"."inbox"`;
  return class MessagingTables1763700000000 implements MigrationInterface {
    name = `MessagingTables1763700000000`;

    async up(queryRunner: QueryRunner): Promise<void> {
      // The schema exists already: the administrator's step made it for the service's role, or
      // runMigrations did (CREATE SCHEMA IF NOT EXISTS would need CREATE on the database, which the role lacks).
      await queryRunner.query(`
        CREATE TABLE ${outbox} (
          seq bigserial PRIMARY KEY,
          event_id uuid NOT NULL UNIQUE,
          topic text NOT NULL,
          message_key text NOT NULL,
          event jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          published_at timestamptz
        )`);
      await queryRunner.query(
        `CREATE INDEX "outbox_unpublished" ON ${outbox} (seq) WHERE published_at IS NULL`,
      );
      await queryRunner.query(`
        CREATE TABLE ${inbox} (
          consumer text NOT NULL,
          event_id uuid NOT NULL,
          event_type text NOT NULL,
          processed_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${inbox}`);
      await queryRunner.query(`DROP TABLE ${outbox}`);
    }
  };
}
