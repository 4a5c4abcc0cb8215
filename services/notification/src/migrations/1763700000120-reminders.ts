import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1763700000120 implements MigrationInterface {
  name = 'Reminders1763700000120';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The decision in force per Pemda × year × sub-indicator (highest sequence), from
    // mcp.evidence.verified.v1: what is still open when a reminder is due.
    await queryRunner.query(`
      CREATE TABLE "notification"."decision_in_force" (
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        sequence integer NOT NULL,
        outcome text NOT NULL,
        verified_value numeric,
        PRIMARY KEY (pemda_code, year, sub_indicator_code)
      )`);
    // One row per reminder due: the primary key is what makes a restart, a second replica or a
    // replayed tick unable to send it twice.
    await queryRunner.query(`
      CREATE TABLE "notification"."reminder_sent" (
        year integer NOT NULL,
        pemda_code text NOT NULL,
        days_before integer NOT NULL,
        deadline timestamptz NOT NULL,
        open_items integer NOT NULL,
        sent_at timestamptz NOT NULL,
        -- Due together with a nearer one (the service was down through its moment): not sent.
        superseded boolean NOT NULL DEFAULT false,
        -- The deadline is part of the key: an extension starts a new series for the new date.
        PRIMARY KEY (year, pemda_code, deadline, days_before)
      )`);
    // The extension in force per Pemda × year (the latest grant), from mcp.deadline.extended.v1.
    await queryRunner.query(`
      CREATE TABLE "notification"."deadline_extension" (
        pemda_code text NOT NULL,
        year integer NOT NULL,
        until timestamptz NOT NULL,
        granted_at timestamptz NOT NULL,
        PRIMARY KEY (pemda_code, year)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification"."deadline_extension"`);
    await queryRunner.query(`DROP TABLE "notification"."reminder_sent"`);
    await queryRunner.query(`DROP TABLE "notification"."decision_in_force"`);
  }
}
