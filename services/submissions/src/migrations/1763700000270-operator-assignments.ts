import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OPD accounts (docs/decisions.md #68): which operator of a Pemda works for which OPD on which
 * areas or indicators, who is the PIC of an area, and what happened to those assignments (only ever
 * added to). `submission.responsible_subject` is who of the Pemda last worked on an item, the
 * person a handover moves its open items away from.
 */
export class OperatorAssignments1763700000270 implements MigrationInterface {
  name = 'OperatorAssignments1763700000270';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = (name: string) => sqlTable(queryRunner.manager, name);
    await queryRunner.query(`CREATE TABLE ${table('operator_assignment')} (
      pemda_code text NOT NULL,
      operator_subject text NOT NULL,
      operator_name text,
      opd_name text NOT NULL,
      area_codes text[] NOT NULL DEFAULT '{}',
      indicator_codes text[] NOT NULL DEFAULT '{}',
      pic_area_codes text[] NOT NULL DEFAULT '{}',
      assigned_by text NOT NULL,
      assigned_at timestamptz NOT NULL,
      PRIMARY KEY (pemda_code, operator_subject)
    )`);
    await queryRunner.query(`CREATE TABLE ${table('operator_assignment_history')} (
      id bigserial PRIMARY KEY,
      pemda_code text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('assigned', 'removed', 'handed_over')),
      operator_subject text NOT NULL,
      to_subject text,
      actor text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      occurred_at timestamptz NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX operator_assignment_history_pemda ON ${table('operator_assignment_history')} (pemda_code, id)`);
    await queryRunner.query(`ALTER TABLE ${table('submission')} ADD COLUMN responsible_subject text`);
    await queryRunner.query(`CREATE INDEX submission_responsible ON ${table('submission')} (pemda_code, responsible_subject)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = (name: string) => sqlTable(queryRunner.manager, name);
    await queryRunner.query(`DROP INDEX ${sqlTable(queryRunner.manager, 'submission_responsible')}`);
    await queryRunner.query(`ALTER TABLE ${table('submission')} DROP COLUMN responsible_subject`);
    await queryRunner.query(`DROP TABLE ${table('operator_assignment_history')}`);
    await queryRunner.query(`DROP TABLE ${table('operator_assignment')}`);
  }
}
