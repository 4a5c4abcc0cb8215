import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 3: every decision kept (the recompute reads them), every score and aggregate change kept
 * (so a score can be asked "as of" a date), per-area sums, framework drafts, closed years, targets.
 */
export class CreateHistoryFrameworksYearsTargets1763700000310 implements MigrationInterface {
  name = 'CreateHistoryFrameworksYearsTargets1763700000310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "scoring"."decision_log" (
        decision_id uuid PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        sub_indicator_code text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('approved', 'rejected', 'revision_requested')),
        verified_value numeric,
        claimed_value numeric,
        sequence bigint NOT NULL,
        evidence_ids uuid[] NOT NULL,
        decided_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX decision_log_year_pemda ON "scoring"."decision_log" (year, pemda_code)`);
    await queryRunner.query(
      `ALTER TABLE "scoring"."sub_indicator_value" ADD COLUMN evidence_ids uuid[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`
      ALTER TABLE "scoring"."pemda_score"
        ADD COLUMN claimed_total numeric NOT NULL DEFAULT 0,
        ADD COLUMN claimed_areas jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`
      CREATE TABLE "scoring"."pemda_score_history" (
        id bigserial PRIMARY KEY,
        pemda_code text NOT NULL,
        year integer NOT NULL,
        framework_revision integer NOT NULL,
        total numeric NOT NULL,
        areas jsonb NOT NULL,
        claimed_total numeric NOT NULL,
        claimed_areas jsonb NOT NULL,
        cause text NOT NULL CHECK (cause IN ('decision', 'framework-revision')),
        caused_by_decision_id uuid,
        changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX pemda_score_history_as_of ON "scoring"."pemda_score_history" (pemda_code, year, changed_at, id)`,
    );
    await queryRunner.query(
      `ALTER TABLE "scoring"."region_aggregate" ADD COLUMN area_sums jsonb NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`
      CREATE TABLE "scoring"."region_aggregate_history" (
        id bigserial PRIMARY KEY,
        region_code text NOT NULL,
        year integer NOT NULL,
        score_sum numeric NOT NULL,
        area_sums jsonb NOT NULL,
        pemda_count integer NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX region_aggregate_history_as_of ON "scoring"."region_aggregate_history" (region_code, year, changed_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE "scoring"."framework_revision" (
        year integer NOT NULL,
        revision integer NOT NULL,
        document jsonb NOT NULL,
        source text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL,
        published_by text,
        published_at timestamptz,
        PRIMARY KEY (year, revision)
      )`);
    // A published revision is immutable, whatever code or hand touches the table.
    await queryRunner.query(`
      CREATE FUNCTION "scoring".refuse_published_framework_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'framework % r% is published and immutable', OLD.year, OLD.revision;
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER framework_revision_immutable BEFORE UPDATE OR DELETE ON "scoring"."framework_revision"
      FOR EACH ROW EXECUTE FUNCTION "scoring".refuse_published_framework_change()`);
    await queryRunner.query(`
      CREATE TABLE "scoring"."closed_year" (
        year integer PRIMARY KEY,
        closed_at timestamptz NOT NULL,
        closed_by text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "scoring"."score_target" (
        pemda_code text NOT NULL,
        year integer NOT NULL,
        target numeric NOT NULL CHECK (target >= 0 AND target <= 100),
        set_by text NOT NULL,
        set_at timestamptz NOT NULL,
        PRIMARY KEY (pemda_code, year)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "scoring"."score_target"`);
    await queryRunner.query(`DROP TABLE "scoring"."closed_year"`);
    await queryRunner.query(`DROP TABLE "scoring"."framework_revision"`);
    await queryRunner.query(`DROP FUNCTION "scoring".refuse_published_framework_change()`);
    await queryRunner.query(`DROP TABLE "scoring"."region_aggregate_history"`);
    await queryRunner.query(`ALTER TABLE "scoring"."region_aggregate" DROP COLUMN area_sums`);
    await queryRunner.query(`DROP TABLE "scoring"."pemda_score_history"`);
    await queryRunner.query(`ALTER TABLE "scoring"."pemda_score" DROP COLUMN claimed_areas, DROP COLUMN claimed_total`);
    await queryRunner.query(`ALTER TABLE "scoring"."sub_indicator_value" DROP COLUMN evidence_ids`);
    await queryRunner.query(`DROP TABLE "scoring"."decision_log"`);
  }
}
