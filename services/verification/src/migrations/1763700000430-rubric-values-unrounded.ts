import type { MigrationInterface, QueryRunner } from 'typeorm';

const RUBRIC_VALUE_COLUMNS: [table: string, column: string][] = [
  ['task', 'claimed_value'],
  ['task_evidence', 'claimed_value'],
  ['decision', 'verified_value'],
];

/**
 * Rubric values keep the six decimals the framework allows: numeric(6, 2) rounded an
 * `evidence-points` step such as 66.666666 to 66.67, which is no rubric step. Unconstrained
 * numeric, as scoring stores the same values; dropping the limit rewrites no rows.
 */
export class RubricValuesUnrounded1763700000430 implements MigrationInterface {
  name = 'RubricValuesUnrounded1763700000430';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of RUBRIC_VALUE_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "verification"."${table}" ALTER COLUMN ${column} TYPE numeric`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of RUBRIC_VALUE_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "verification"."${table}" ALTER COLUMN ${column} TYPE numeric(6, 2)`);
    }
  }
}
