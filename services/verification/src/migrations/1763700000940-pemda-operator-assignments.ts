import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Pemda's OPD accounts as submissions last announced them (mcp.operator.assignments-changed.v1,
 * docs/decisions.md #137): one row per Pemda with its whole set, so a clarification message from an
 * operator is refused outside their assignment as an upload is.
 */
export class PemdaOperatorAssignments1763700000940 implements MigrationInterface {
  name = 'PemdaOperatorAssignments1763700000940';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ${sqlTable(queryRunner.manager, 'pemda_operator_assignments')} (
      pemda_code text PRIMARY KEY,
      revision bigint NOT NULL,
      operators jsonb NOT NULL,
      changed_at timestamptz NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${sqlTable(queryRunner.manager, 'pemda_operator_assignments')}`);
  }
}
