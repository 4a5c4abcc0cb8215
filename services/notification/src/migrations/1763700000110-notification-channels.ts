import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationChannels1763700000110 implements MigrationInterface {
  name = 'NotificationChannels1763700000110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification"."recipient" (
        user_id text PRIMARY KEY,
        name text,
        role text NOT NULL,
        pemda_code text,
        wilayah text,
        email text,
        locale text NOT NULL DEFAULT 'id',
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "recipient_by_pemda" ON "notification"."recipient" (pemda_code) WHERE active`);
    await queryRunner.query(`CREATE INDEX "recipient_by_role" ON "notification"."recipient" (role) WHERE active`);
    await queryRunner.query(`
      CREATE TABLE "notification"."preference" (
        user_id text NOT NULL REFERENCES "notification"."recipient" (user_id) ON DELETE CASCADE,
        kind text NOT NULL,
        channel text NOT NULL,
        enabled boolean NOT NULL,
        PRIMARY KEY (user_id, kind, channel)
      )`);
    await queryRunner.query(`
      CREATE TABLE "notification"."webhook_subscription" (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        event_types text[] NOT NULL,
        pemda_code text,
        province_code text,
        secrets text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        consecutive_failures integer NOT NULL DEFAULT 0,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The delivery outbox: one row per (event, recipient, channel), written in the inbox transaction
    // of the event and sent later by the dispatcher, so an SMTP or webhook outage delays and never loses.
    await queryRunner.query(`
      CREATE TABLE "notification"."delivery" (
        id uuid PRIMARY KEY,
        source_event_id uuid NOT NULL,
        kind text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('in_app', 'email', 'webhook')),
        recipient_key text NOT NULL,
        pemda_code text,
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        read_at timestamptz,
        UNIQUE (source_event_id, recipient_key, channel)
      )`);
    await queryRunner.query(
      `CREATE INDEX "delivery_due" ON "notification"."delivery" (next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "delivery_inbox" ON "notification"."delivery" (recipient_key, created_at DESC, id DESC) WHERE channel = 'in_app'`,
    );
    await queryRunner.query(`
      CREATE TABLE "notification"."delivery_attempt" (
        delivery_id uuid NOT NULL REFERENCES "notification"."delivery" (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        attempted_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        succeeded boolean NOT NULL,
        status_code integer,
        error text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['delivery_attempt', 'delivery', 'webhook_subscription', 'preference', 'recipient']) {
      await queryRunner.query(`DROP TABLE "notification"."${table}"`);
    }
  }
}
