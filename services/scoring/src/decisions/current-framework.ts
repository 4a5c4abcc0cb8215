import { prepared } from '@mcp/postgres-client';
import type { FrameworkRecord, ReferenceData } from '@mcp/reference-data';
import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import type { ClosedYear } from '../years/closed-year.repository';

/** What a batch of decisions must know of its year, read under the year's shared lock. */
export interface DecisionYearState {
  closed?: ClosedYear;
  /** The newest framework revision of the year in the database; undefined when none is published. */
  latestRevision?: number;
}

/**
 * Whether the year is closed and its newest framework revision, in one statement (docs/decisions.md
 * #108). Called after the year lock, in a statement of its own, so its snapshot sees a close or a
 * publication that committed while the lock was awaited.
 */
export async function decisionYearState(tx: EntityManager, year: number): Promise<DecisionYearState> {
  const [row]: { closed_at: Date | null; closed_by: string | null; latest: number | null }[] = await tx.query(
    prepared(`SELECT c.closed_at, c.closed_by,
       (SELECT max(revision) FROM ${sqlTable(tx, 'framework')} WHERE year = $1) AS latest
     FROM (VALUES (1)) AS one LEFT JOIN ${sqlTable(tx, 'closed_year')} AS c ON c.year = $1`),
    [year],
  );
  return {
    closed: row.closed_at ? { year, closedAt: row.closed_at, closedBy: row.closed_by as string } : undefined,
    latestRevision: row.latest ?? undefined,
  };
}

/**
 * The year's framework at the revision the database has now (`decisionYearState`). Another
 * replica's publication reaches this replica's cache by a change notice a moment after its commit;
 * a decision scored in between with the old revision would mix revisions within a year, so a stale
 * cache is dropped.
 */
export async function currentFramework(
  referenceData: ReferenceData,
  year: number,
  latestRevision: number | undefined,
): Promise<FrameworkRecord | undefined> {
  const cached = await referenceData.frameworkFor(year);
  if (cached?.framework.revision === latestRevision) return cached;
  referenceData.invalidate();
  return referenceData.frameworkFor(year);
}
