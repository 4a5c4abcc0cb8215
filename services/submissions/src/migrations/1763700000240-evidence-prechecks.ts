import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The pre-check of each stored file: claimed by inserting its row, then filled with the findings. */
export class EvidencePrechecks1763700000240 implements MigrationInterface {
  name = 'EvidencePrechecks1763700000240';

  async up(queryRunner: QueryRunner): Promise<void> {
    const precheck = sqlTable(queryRunner.manager, 'evidence_precheck');
    await queryRunner.query(`
      CREATE TABLE ${precheck} (
        evidence_id uuid PRIMARY KEY REFERENCES ${sqlTable(queryRunner.manager, 'evidence')} (id),
        status text NOT NULL CHECK (status IN ('running', 'done', 'stopped', 'failed')),
        findings jsonb,
        reason text,
        attempts integer NOT NULL DEFAULT 1,
        started_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "evidence_precheck_running" ON ${precheck} (started_at) WHERE status = 'running'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${sqlTable(queryRunner.manager, 'evidence_precheck')}`);
  }
}
