import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pre-check's queue (docs/decisions.md #113): every upload gets a `queued` row in the same
 * statement as its evidence, and the pre-check claims from a partial index of those rows. Before,
 * a claim looked for evidence without a row by an anti-join over the whole evidence table, a cost
 * that grew with every file of the year (1.7 ms a claim at 9,000 files, once per upload).
 */
export class PrecheckQueue1763700000750 implements MigrationInterface {
  name = 'PrecheckQueue1763700000750';

  async up(queryRunner: QueryRunner): Promise<void> {
    const precheck = sqlTable(queryRunner.manager, 'evidence_precheck');
    await queryRunner.query(`ALTER TABLE ${precheck} DROP CONSTRAINT evidence_precheck_status_check`);
    await queryRunner.query(`
      ALTER TABLE ${precheck}
        ADD CONSTRAINT evidence_precheck_status_check CHECK (status IN ('queued', 'running', 'done', 'stopped', 'failed')),
        ADD COLUMN queued_at timestamptz,
        ALTER COLUMN started_at DROP NOT NULL`);
    // Files uploaded before this migration and not yet claimed join the queue in upload order.
    await queryRunner.query(`
      INSERT INTO ${precheck} (evidence_id, status, queued_at, attempts)
      SELECT e.id, 'queued', e.submitted_at, 0 FROM ${sqlTable(queryRunner.manager, 'evidence')} e
       WHERE NOT EXISTS (SELECT 1 FROM ${precheck} p WHERE p.evidence_id = e.id)`);
    await queryRunner.query(`CREATE INDEX "evidence_precheck_queued" ON ${precheck} (queued_at, evidence_id) WHERE status = 'queued'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const precheck = sqlTable(queryRunner.manager, 'evidence_precheck');
    await queryRunner.query(`DROP INDEX ${sqlTable(queryRunner.manager, 'evidence_precheck_queued')}`);
    // Unclaimed files go back to having no row, which is how the old claim found them.
    await queryRunner.query(`DELETE FROM ${precheck} WHERE status = 'queued'`);
    await queryRunner.query(`ALTER TABLE ${precheck} DROP CONSTRAINT evidence_precheck_status_check`);
    await queryRunner.query(`
      ALTER TABLE ${precheck}
        ADD CONSTRAINT evidence_precheck_status_check CHECK (status IN ('running', 'done', 'stopped', 'failed')),
        DROP COLUMN queued_at,
        ALTER COLUMN started_at SET NOT NULL`);
  }
}
