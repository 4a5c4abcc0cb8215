import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The years scoring has closed, learnt from mcp.year.closed.v1 (docs/decisions.md #160). The topic
 * is compacted and keyed by year, and the consumer group of a new consumer starts at its beginning,
 * so a year closed before this release is learnt at the first start.
 */
export class ClosedYears1763700000960 implements MigrationInterface {
  name = 'ClosedYears1763700000960';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ${sqlTable(queryRunner.manager, 'closed_year')} (
      year integer PRIMARY KEY,
      closed_at timestamptz NOT NULL,
      closed_by text NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${sqlTable(queryRunner.manager, 'closed_year')}`);
  }
}
