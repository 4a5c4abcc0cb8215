import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-area sums and averages of a region, from `areas` of `mcp.aggregate.updated.v1`. NULL means
 * no event with areas has arrived yet (events written before the field existed carry none).
 */
export class AddRegionAreas1763700000510 implements MigrationInterface {
  name = 'AddRegionAreas1763700000510';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reporting"."region_report" ADD COLUMN areas jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reporting"."region_report" DROP COLUMN areas`);
  }
}
