import { validateFramework, type Framework } from '@mcp/mcp-domain';
import { PermanentEventError } from '@mcp/messaging';
import type { EntityManager } from 'typeorm';

export type FrameworkStoreOutcome = 'stored' | 'already-stored';

/**
 * Adds a published framework revision to one service's own `framework` table. Published revisions
 * are immutable: the same revision again changes nothing, a different document under a stored
 * (year, revision) is refused. Throws PermanentEventError (the event goes to the dead-letter topic
 * with the reason) for a document that fails validation: retrying cannot fix it.
 */
export async function storeFrameworkRevision(
  manager: EntityManager,
  schema: string,
  document: unknown,
): Promise<FrameworkStoreOutcome> {
  const framework = requireValidFramework(document);
  const inserted: unknown[] = await manager.query(
    `INSERT INTO "${schema}"."framework" (year, revision, document) VALUES ($1, $2, $3)
     ON CONFLICT (year, revision) DO NOTHING RETURNING year`,
    [framework.year, framework.revision, JSON.stringify(framework)],
  );
  if (inserted.length > 0) return 'stored';
  const [{ same }]: { same: boolean }[] = await manager.query(
    `SELECT document = $3::jsonb AS same FROM "${schema}"."framework" WHERE year = $1 AND revision = $2`,
    [framework.year, framework.revision, JSON.stringify(framework)],
  );
  if (same) return 'already-stored';
  throw new PermanentEventError(
    `Kerangka ${framework.year} revisi ${framework.revision} sudah tersimpan dengan isi berbeda; revisi yang ` +
      `sudah terbit tidak boleh diubah, terbitkan revisi baru ` +
      `(framework ${framework.year} r${framework.revision} is already stored with other content; published revisions are immutable)`,
  );
}

function requireValidFramework(document: unknown): Framework {
  const result = validateFramework(document);
  if (result.ok) return result.framework;
  const problems = result.problems.map((problem) => `${problem.path || '(akar)'}: ${problem.message}`);
  throw new PermanentEventError(
    `Kerangka yang diterbitkan tidak valid (published framework is invalid): ${problems.join('; ')}`,
  );
}
