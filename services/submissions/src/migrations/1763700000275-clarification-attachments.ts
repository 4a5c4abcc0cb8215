import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files a Pemda attaches to a clarification message (issue 15): received and checked exactly as
 * evidence is, stored beside it, but never a version of the item and never scored.
 */
export class ClarificationAttachments1763700000275 implements MigrationInterface {
  name = 'ClarificationAttachments1763700000275';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE ${sqlTable(queryRunner.manager, 'clarification_attachment')} (
         id uuid PRIMARY KEY,
         pemda_code text NOT NULL,
         year integer NOT NULL,
         sub_indicator_code text NOT NULL,
         sha256 text NOT NULL,
         size_bytes bigint NOT NULL,
         content_type text NOT NULL,
         file_name text NOT NULL,
         storage_key text NOT NULL UNIQUE,
         uploaded_by text NOT NULL,
         uploaded_at timestamptz NOT NULL
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${sqlTable(queryRunner.manager, 'clarification_attachment')}`);
  }
}
