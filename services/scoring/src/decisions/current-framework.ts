import { prepared } from '@mcp/postgres-client';
import type { FrameworkRecord, ReferenceData } from '@mcp/reference-data';
import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';

/**
 * The year's framework as the database has it now, inside the caller's transaction. Another
 * replica's publication reaches this replica's cache by a change notice a moment after its commit;
 * a decision scored in between with the old revision would mix revisions within a year, so a stale
 * cache is dropped. Costs one indexed query per decision.
 */
export async function currentFramework(
  referenceData: ReferenceData,
  tx: EntityManager,
  year: number,
): Promise<FrameworkRecord | undefined> {
  const [{ latest }]: { latest: number | null }[] = await tx.query(
    prepared(`SELECT max(revision) AS latest FROM ${sqlTable(tx, 'framework')} WHERE year = $1`),
    [year],
  );
  const cached = await referenceData.frameworkFor(year);
  if (cached?.framework.revision === (latest ?? undefined)) return cached;
  referenceData.invalidate();
  return referenceData.frameworkFor(year);
}
