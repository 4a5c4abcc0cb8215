import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who uploaded, withdrew or set the claim of each Pemda × year × sub-indicator (from the upload and
 * withdrawal events). Kept per item, not per file: a withdrawn file leaves `task_evidence`, but the
 * person who sent it has still shaped what is being verified. Separation of duties reads it
 * (docs/decisions.md #46): such a person neither claims nor decides the item.
 */
export class ItemContributors1763700000480 implements MigrationInterface {
  name = 'ItemContributors1763700000480';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "verification"."item_contributor" (
      pemda_code text NOT NULL,
      year integer NOT NULL,
      sub_indicator_code text NOT NULL,
      subject text NOT NULL,
      first_seen_at timestamptz NOT NULL,
      PRIMARY KEY (pemda_code, year, sub_indicator_code, subject)
    )`);
    await queryRunner.query(`INSERT INTO "verification"."item_contributor" (pemda_code, year, sub_indicator_code, subject, first_seen_at)
      SELECT task.pemda_code, task.year, task.sub_indicator_code, evidence.submitted_by, MIN(evidence.submitted_at)
        FROM "verification"."task_evidence" evidence JOIN "verification"."task" task ON task.id = evidence.task_id
       GROUP BY 1, 2, 3, 4`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "verification"."item_contributor"`);
  }
}
