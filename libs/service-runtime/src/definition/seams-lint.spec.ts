import { ESLint } from 'eslint';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

/**
 * The seams lint promises (eslint.config.mjs): no literal schema name in SQL, no import from a
 * lower feature folder up to a higher one. Checked on code written for the purpose, at the paths
 * where it would live, so a config change that silently drops a rule fails here.
 */
describe('seams lint', () => {
  const eslint = new ESLint({ cwd: root });
  const ruleIdsOf = async (code: string, filePath: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
    return result.messages.map((message) => message.ruleId);
  };

  it('rejects a literal schema name in SQL, and accepts the schema from the DataSource', async () => {
    const literal = 'export const sql = `SELECT * FROM "verification"."task" WHERE id = $1`;\n';
    const unquoted = "export const sql = 'DELETE FROM scoring.pemda_score';\n";
    const configured =
      "import { sqlTable } from '@mcp/service-runtime';\nimport type { EntityManager } from 'typeorm';\n" +
      'export const sql = (tx: EntityManager) => `SELECT * FROM ${sqlTable(tx, \'task\')}`;\n';
    expect(await ruleIdsOf(literal, 'services/verification/src/tasks/example.ts')).toContain('no-restricted-syntax');
    expect(await ruleIdsOf(unquoted, 'services/scoring/src/decisions/example.ts')).toContain('no-restricted-syntax');
    expect(await ruleIdsOf(configured, 'services/verification/src/tasks/example.ts')).not.toContain('no-restricted-syntax');
  });

  it('rejects an import from a lower feature folder up to a higher one, and allows the other way', async () => {
    // verification's featureLayers put task-records below tasks.
    const upward = "export { TaskClaims } from '../tasks/task-claims';\n";
    const downward = "export { Task } from '../task-records/task.entity';\n";
    expect(await ruleIdsOf(upward, 'services/verification/src/task-records/example.ts')).toContain('no-restricted-imports');
    expect(await ruleIdsOf(downward, 'services/verification/src/tasks/example.ts')).not.toContain('no-restricted-imports');
  });
});
