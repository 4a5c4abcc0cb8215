import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mcp.operator.assignments-changed.v1 starts with this release (docs/decisions.md #137): the
 * revision of each Pemda's set last announced. A Pemda whose history has moved past it (every
 * Pemda set up before this release, or a change an older replica made during the rollout) is
 * announced by the service's sweep (`AssignmentAnnouncement.announceUnannounced`).
 */
export class AnnounceOperatorAssignments1763700000940 implements MigrationInterface {
  name = 'AnnounceOperatorAssignments1763700000940';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ${sqlTable(queryRunner.manager, 'operator_assignment_announced')} (
      pemda_code text PRIMARY KEY,
      revision bigint NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${sqlTable(queryRunner.manager, 'operator_assignment_announced')}`);
  }
}
