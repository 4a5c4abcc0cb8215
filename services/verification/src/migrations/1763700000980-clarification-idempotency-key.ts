import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `Idempotency-Key` a clarification message was posted with, unique per author: a send retried
 * after a lost answer finds the message it made instead of posting (and announcing) it twice (#201).
 */
export class ClarificationIdempotencyKey1763700000980 implements MigrationInterface {
  name = 'ClarificationIdempotencyKey1763700000980';

  async up(queryRunner: QueryRunner): Promise<void> {
    const message = sqlTable(queryRunner.manager, 'clarification_message');
    await queryRunner.query(`ALTER TABLE ${message} ADD COLUMN idempotency_key text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "clarification_message_idempotency_key" ON ${message} (author, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${sqlTable(queryRunner.manager, 'clarification_message_idempotency_key')}`);
    await queryRunner.query(`ALTER TABLE ${sqlTable(queryRunner.manager, 'clarification_message')} DROP COLUMN idempotency_key`);
  }
}
