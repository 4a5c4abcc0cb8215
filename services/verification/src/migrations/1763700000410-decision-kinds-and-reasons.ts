import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The reason list as data, with Indonesian labels; edit rows (or deactivate them), not code. */
const REJECTION_REASONS: [code: string, label: string][] = [
  ['DOKUMEN_TIDAK_SESUAI', 'Dokumen tidak sesuai dengan sub-indikator yang dinilai'],
  ['DOKUMEN_TIDAK_LENGKAP', 'Dokumen tidak lengkap'],
  ['DOKUMEN_TIDAK_TERBACA', 'Dokumen tidak terbaca atau rusak'],
  ['BELUM_DISAHKAN', 'Dokumen belum ditandatangani atau disahkan pejabat berwenang'],
  ['TAHUN_TIDAK_SESUAI', 'Dokumen bukan untuk tahun penilaian'],
  ['LAINNYA', 'Lainnya (lihat catatan)'],
];

/**
 * What kind each decision is (first, correction, QA overturn), what it replaced, the reason code
 * and note apart, and the facts the manager views read (wilayah, when the upload started waiting).
 */
export class DecisionKindsAndReasons1763700000410 implements MigrationInterface {
  name = 'DecisionKindsAndReasons1763700000410';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "verification"."decision"
        ADD COLUMN kind text NOT NULL DEFAULT 'first' CHECK (kind IN ('first', 'correction', 'qa-overturn')),
        ADD COLUMN supersedes_decision_id uuid REFERENCES "verification"."decision" (id),
        ADD COLUMN reason_code text,
        ADD COLUMN note text,
        ADD COLUMN wilayah text,
        ADD COLUMN waiting_since timestamptz,
        ADD COLUMN correctable_until timestamptz`);
    await queryRunner.query(`
      UPDATE "verification"."decision" d
         SET wilayah = t.wilayah, waiting_since = t.waiting_since, note = d.reason,
             reason_code = CASE WHEN d.outcome = 'rejected' THEN 'LAINNYA' END,
             correctable_until = d.decided_at + interval '7 days'
        FROM "verification"."task" t WHERE t.id = d.task_id`);
    await queryRunner.query(`
      ALTER TABLE "verification"."decision"
        ALTER COLUMN wilayah SET NOT NULL, ALTER COLUMN waiting_since SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "decision_by_task" ON "verification"."decision" (task_id, sequence)`);
    await queryRunner.query(`
      CREATE INDEX "decision_first_by_day" ON "verification"."decision" (wilayah, decided_at) WHERE kind = 'first'`);
    await queryRunner.query(`CREATE INDEX "decision_by_verifier" ON "verification"."decision" (decided_by, decided_at)`);
    await queryRunner.query(`
      CREATE TABLE "verification"."rejection_reason" (
        code text PRIMARY KEY,
        label text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        position integer NOT NULL
      )`);
    for (const [index, [code, label]] of REJECTION_REASONS.entries()) {
      await queryRunner.query(
        `INSERT INTO "verification"."rejection_reason" (code, label, position) VALUES ($1, $2, $3)`,
        [code, label, index + 1],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "verification"."rejection_reason"`);
    for (const index of ['decision_by_task', 'decision_first_by_day', 'decision_by_verifier']) {
      await queryRunner.query(`DROP INDEX "verification"."${index}"`);
    }
    await queryRunner.query(`DELETE FROM "verification"."decision" WHERE kind <> 'first'`);
    await queryRunner.query(`
      ALTER TABLE "verification"."decision"
        DROP COLUMN kind, DROP COLUMN supersedes_decision_id, DROP COLUMN reason_code, DROP COLUMN note,
        DROP COLUMN wilayah, DROP COLUMN waiting_since, DROP COLUMN correctable_until`);
  }
}
