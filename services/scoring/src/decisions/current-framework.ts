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
  /** The wilayah of each of the batch's Pemda in the database now (a re-seeded mapping, #138). */
  wilayahOf: Readonly<Record<string, string>>;
}

/**
 * Serialises decisions on one Pemda and year (e.g. two replicas during a rebalance): each one reads
 * the values and the previous total only after the other has committed. A batch takes the locks of
 * all its Pemda in code order, in one statement, so two batches never deadlock. Two-key form, so it
 * can never collide with the outbox relay's single-key lock.
 *
 * The same statement (docs/decisions.md #108, #115) reads whether the year is closed, its newest
 * framework revision and the wilayah of the batch's Pemda (#138). It runs after the year's shared lock, in a statement of its own, so its
 * snapshot sees a close or a publication that committed while that lock was awaited (a closed
 * year's batch takes the Pemda locks for nothing, and gives them back at its commit).
 *
 * Returns the database clock read under the Pemda locks as `at`: consumers such as reporting keep
 * the newest score by its time, and "as of" queries read the history by it, so successive scores
 * of a Pemda must carry increasing times, whichever replica computed them.
 */
export async function lockPemdaYearsAndReadYear(
  tx: EntityManager,
  year: number,
  pemdaCodes: readonly string[],
): Promise<DecisionYearState & { at: Date }> {
  const keys = [...new Set(pemdaCodes)].sort().map((code) => `${code}/${year}`);
  // The clock is read from the row the locks' aggregate yields, so only once every lock is held (a
  // MATERIALIZED CTE is computed before the outer query reads its row).
  const codes = [...new Set(pemdaCodes)].sort();
  const [row]: { now: Date; closed_at: Date | null; closed_by: string | null; latest: number | null; wilayah_of: Record<string, string> | null }[] = await tx.query(
    prepared(`WITH locked AS MATERIALIZED (
       SELECT count(pg_advisory_xact_lock(hashtext('scoring.pemda-score'), hashtext(k.key))) AS locks
       FROM (SELECT key FROM unnest($2::text[]) WITH ORDINALITY AS u(key, n) ORDER BY n) AS k
     )
     SELECT clock_timestamp() AS now, c.closed_at, c.closed_by,
            (SELECT max(revision) FROM ${sqlTable(tx, 'framework')} WHERE year = $1) AS latest,
            (SELECT jsonb_object_agg(code, wilayah) FROM ${sqlTable(tx, 'pemda')} WHERE code = ANY($3::text[])) AS wilayah_of
     FROM locked CROSS JOIN (VALUES (1)) AS one LEFT JOIN ${sqlTable(tx, 'closed_year')} AS c ON c.year = $1`),
    [year, keys, codes],
  );
  return {
    at: row.now,
    closed: row.closed_at ? { year, closedAt: row.closed_at, closedBy: row.closed_by as string } : undefined,
    latestRevision: row.latest ?? undefined,
    wilayahOf: row.wilayah_of ?? {},
  };
}

/**
 * The year's framework at the revision the database has now (`lockPemdaYearsAndReadYear`). Another
 * replica's publication reaches this replica's cache by a change notice a moment after its commit;
 * a decision scored in between with the old revision would mix revisions within a year, so a stale
 * cache is dropped.
 */
export async function currentFramework(
  referenceData: ReferenceData,
  year: number,
  latestRevision: number | undefined,
  tx: EntityManager,
): Promise<FrameworkRecord | undefined> {
  const cached = await referenceData.frameworkFor(year, tx);
  if (cached?.framework.revision === latestRevision) return cached;
  referenceData.invalidate();
  return referenceData.frameworkFor(year, tx);
}
