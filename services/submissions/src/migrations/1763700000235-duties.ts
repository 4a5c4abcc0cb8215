import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Separation of duties (docs/decisions.md #46, #47): history rows say whether an admin acted on the
 * Pemda's behalf, and `verifier_wilayah` holds verification's moves of verifiers between wilayah
 * (a row with no wilayah: the move was removed, the token's claim applies again).
 */
export class Duties1763700000235 implements MigrationInterface {
  name = 'Duties1763700000235';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = (name: string) => sqlTable(queryRunner.manager, name);
    await queryRunner.query(`ALTER TABLE ${table('submission_history')} ADD COLUMN on_behalf_of_pemda boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE ${table('evidence')} ADD COLUMN submitted_on_behalf_of_pemda boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE TABLE ${table('verifier_wilayah')} (
      subject text PRIMARY KEY,
      wilayah text,
      assigned_by text NOT NULL,
      assigned_at timestamptz NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = (name: string) => sqlTable(queryRunner.manager, name);
    await queryRunner.query(`DROP TABLE ${table('verifier_wilayah')}`);
    await queryRunner.query(`ALTER TABLE ${table('evidence')} DROP COLUMN submitted_on_behalf_of_pemda`);
    await queryRunner.query(`ALTER TABLE ${table('submission_history')} DROP COLUMN on_behalf_of_pemda`);
  }
}
