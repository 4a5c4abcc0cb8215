import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versions, withdrawals, the per-item submission row (claim and latest decision), its history,
 * deadline extensions and idempotency records. Existing evidence is numbered and summarised.
 */
export class SubmissionLifecycle1763700000210 implements MigrationInterface {
  name = 'SubmissionLifecycle1763700000210';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`ALTER TABLE "submissions"."evidence" ADD COLUMN version integer, ADD COLUMN note text`);
    await q(`
      UPDATE "submissions"."evidence" e SET version = numbered.version
        FROM (SELECT id, row_number() OVER (PARTITION BY pemda_code, year, sub_indicator_code ORDER BY submitted_at, id) AS version
                FROM "submissions"."evidence") numbered
       WHERE e.id = numbered.id`);
    await q(`ALTER TABLE "submissions"."evidence" ALTER COLUMN version SET NOT NULL`);
    await q(`ALTER TABLE "submissions"."evidence" ADD CONSTRAINT evidence_status_known
               CHECK (status IN ('submitted', 'approved', 'rejected', 'revision_requested', 'withdrawn'))`);
    await q(`ALTER TABLE "submissions"."evidence" ADD CONSTRAINT evidence_one_version_per_item
               UNIQUE (pemda_code, year, sub_indicator_code, version)`);
    await q(`CREATE INDEX evidence_by_hash ON "submissions"."evidence" (pemda_code, year, sub_indicator_code, sha256)`);

    // One row per Pemda × year × sub-indicator: the claim (nilai) and the decision in force.
    // Uploads lock it, so versions and duplicate checks of one item never race.
    await q(`
      CREATE TABLE "submissions"."submission" (
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        claimed_value numeric(6, 2),
        claim_changed_by text,
        claim_changed_at timestamptz,
        decision_outcome text CHECK (decision_outcome IN ('approved', 'rejected', 'revision_requested')),
        decision_reason text,
        verified_value numeric(6, 2),
        decision_sequence integer NOT NULL DEFAULT 0,
        version_count integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (pemda_code, year, sub_indicator_code)
      )`);
    await q(`
      INSERT INTO "submissions"."submission" (pemda_code, year, sub_indicator_code, claimed_value, version_count)
      SELECT DISTINCT ON (pemda_code, year, sub_indicator_code) pemda_code, year, sub_indicator_code, claimed_value,
             count(*) OVER (PARTITION BY pemda_code, year, sub_indicator_code)
        FROM "submissions"."evidence"
       ORDER BY pemda_code, year, sub_indicator_code, version DESC`);

    await q(`
      CREATE TABLE "submissions"."submission_history" (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('uploaded', 'claim_changed', 'decided', 'withdrawn')),
        evidence_id uuid,
        version integer,
        claimed_value numeric(6, 2),
        outcome text,
        verified_value numeric(6, 2),
        reason text,
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q(`CREATE INDEX submission_history_by_item ON "submissions"."submission_history" (pemda_code, year, sub_indicator_code, id)`);
    await q(`
      INSERT INTO "submissions"."submission_history"
             (pemda_code, year, sub_indicator_code, kind, evidence_id, version, claimed_value, actor, occurred_at)
      SELECT pemda_code, year, sub_indicator_code, 'uploaded', id, version, claimed_value, submitted_by, submitted_at
        FROM "submissions"."evidence" ORDER BY submitted_at, id`);

    await q(`
      CREATE TABLE "submissions"."deadline_extension" (
        id uuid PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        until timestamptz NOT NULL,
        reason text NOT NULL,
        granted_by text NOT NULL,
        granted_at timestamptz NOT NULL
      )`);
    await q(`CREATE INDEX deadline_extension_by_pemda ON "submissions"."deadline_extension" (pemda_code, year, granted_at)`);

    // The first answer to an upload carrying an Idempotency-Key, replayed to retries of it.
    await q(`
      CREATE TABLE "submissions"."idempotency_record" (
        subject text NOT NULL,
        key text NOT NULL,
        status_code integer NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['idempotency_record', 'deadline_extension', 'submission_history', 'submission']) {
      await queryRunner.query(`DROP TABLE "submissions"."${table}"`);
    }
    await queryRunner.query(`DROP INDEX "submissions"."evidence_by_hash"`);
    await queryRunner.query(`ALTER TABLE "submissions"."evidence" DROP CONSTRAINT evidence_one_version_per_item,
                               DROP CONSTRAINT evidence_status_known, DROP COLUMN note, DROP COLUMN version`);
  }
}
