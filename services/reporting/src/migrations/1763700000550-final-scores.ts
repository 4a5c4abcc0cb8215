import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The final scores a year was closed with, as mcp.year.closed.v1 carries them (docs/decisions.md
 * #140): open data publishes exactly these. Null for a year closed by an event from before.
 */
export class FinalScores1763700000550 implements MigrationInterface {
  name = 'FinalScores1763700000550';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reporting"."closed_year" ADD COLUMN final_scores jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reporting"."closed_year" DROP COLUMN final_scores`);
  }
}
