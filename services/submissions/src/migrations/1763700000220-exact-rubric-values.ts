import { sqlTable } from '@mcp/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const RUBRIC_VALUE_COLUMNS: [table: string, columns: string[]][] = [
  ['evidence', ['claimed_value']],
  ['submission', ['claimed_value', 'verified_value']],
  ['submission_history', ['claimed_value', 'verified_value']],
];

/**
 * numeric(6, 2) rounded a rubric step of 33.333333 to 33.33, which is no step at all. Plain
 * `numeric`, as scoring stores the same values, keeps every step exactly; widening it rewrites no row.
 */
export class ExactRubricValues1763700000220 implements MigrationInterface {
  name = 'ExactRubricValues1763700000220';

  up(queryRunner: QueryRunner): Promise<void> {
    return alterRubricValueColumns(queryRunner, 'numeric');
  }

  /** Rounds any value with more than 2 decimals, as the columns did before. */
  down(queryRunner: QueryRunner): Promise<void> {
    return alterRubricValueColumns(queryRunner, 'numeric(6, 2)');
  }
}

async function alterRubricValueColumns(queryRunner: QueryRunner, type: string): Promise<void> {
  for (const [table, columns] of RUBRIC_VALUE_COLUMNS) {
    const alterations = columns.map((column) => `ALTER COLUMN ${column} TYPE ${type}`).join(', ');
    await queryRunner.query(`ALTER TABLE ${sqlTable(queryRunner.manager, table)} ${alterations}`);
  }
}
