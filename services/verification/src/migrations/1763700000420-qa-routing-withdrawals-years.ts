import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The QA queue, admins' wilayah overrides for verifiers, withdrawals received, and closed years. */
export class QaRoutingWithdrawalsYears1763700000420 implements MigrationInterface {
  name = 'QaRoutingWithdrawalsYears1763700000420';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "verification"."qa_review" (
        id uuid PRIMARY KEY,
        decision_id uuid NOT NULL UNIQUE REFERENCES "verification"."decision" (id),
        task_id uuid NOT NULL REFERENCES "verification"."task" (id),
        wilayah text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'overturned', 'superseded')),
        sampled_at timestamptz NOT NULL,
        reviewed_by text,
        reviewed_at timestamptz,
        note text,
        overturn_decision_id uuid REFERENCES "verification"."decision" (id)
      )`);
    await queryRunner.query(`
      CREATE INDEX "qa_review_pending" ON "verification"."qa_review" (wilayah, sampled_at) WHERE status = 'pending'`);
    // Takes precedence over the token's wilayah claim, so an admin can move a verifier at once,
    // without waiting for the identity provider's attribute to change.
    await queryRunner.query(`
      CREATE TABLE "verification"."verifier_wilayah" (
        subject text PRIMARY KEY,
        wilayah text NOT NULL CHECK (wilayah IN ('I', 'II', 'III', 'IV', 'V')),
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "verification"."evidence_withdrawal" (
        evidence_id uuid PRIMARY KEY,
        task_id uuid REFERENCES "verification"."task" (id),
        outcome text NOT NULL CHECK (outcome IN ('removed', 'removed-task-cancelled', 'kept-claimed', 'kept-decided', 'before-intake')),
        reason text,
        withdrawn_by text NOT NULL,
        withdrawn_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "verification"."closed_year" (
        year integer PRIMARY KEY,
        closed_at timestamptz NOT NULL,
        closed_by text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['closed_year', 'evidence_withdrawal', 'verifier_wilayah', 'qa_review']) {
      await queryRunner.query(`DROP TABLE "verification"."${table}"`);
    }
  }
}
