import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which item each clarification attachment is about, as submissions announces it
 * (mcp.clarification.attachment-uploaded.v1, docs/decisions.md #146): a message attaches a file
 * only on that item's task.
 */
export class ClarificationAttachmentItems1763700000950 implements MigrationInterface {
  name = 'ClarificationAttachmentItems1763700000950';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ${sqlTable(queryRunner.manager, 'clarification_attachment_item')} (
      attachment_id uuid PRIMARY KEY,
      pemda_code text NOT NULL,
      year integer NOT NULL,
      sub_indicator_code text NOT NULL,
      uploaded_at timestamptz NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${sqlTable(queryRunner.manager, 'clarification_attachment_item')}`);
  }
}
