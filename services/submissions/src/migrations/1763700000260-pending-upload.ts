import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An upload announces its storage key here before writing the object and removes it when the
 * evidence row commits: the orphan sweeper deletes only objects it can prove were never committed
 * (docs/decisions.md #62). Objects stored before this migration have no row and are never swept.
 */
export class PendingUpload1763700000260 implements MigrationInterface {
  name = 'PendingUpload1763700000260';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE ${sqlTable(queryRunner.manager, 'pending_upload')} (
         storage_key text PRIMARY KEY,
         started_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${sqlTable(queryRunner.manager, 'pending_upload')}`);
  }
}
