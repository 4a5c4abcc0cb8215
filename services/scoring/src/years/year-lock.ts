import type { EntityManager } from 'typeorm';

/**
 * One lock per year, so closing a year (and publishing a framework revision, which re-scores it)
 * never interleaves with a decision of that year: decisions share it, close and publish take it
 * alone. A decision that committed before the close is in the final scores; one that comes after
 * sees the year closed. Two-key form, like the Pemda-year lock, so it never collides with the
 * outbox relay's single-key lock.
 */
export async function lockYearShared(manager: EntityManager, year: number): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock_shared(hashtext('scoring.year'), $1)`, [year]);
}

export async function lockYearExclusive(manager: EntityManager, year: number): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('scoring.year'), $1)`, [year]);
}

export interface ClosedYear {
  closedAt: Date;
  closedBy: string;
}

export async function closedYear(manager: EntityManager, year: number): Promise<ClosedYear | undefined> {
  const [row]: { closed_at: Date; closed_by: string }[] = await manager.query(
    `SELECT closed_at, closed_by FROM "scoring"."closed_year" WHERE year = $1`,
    [year],
  );
  return row ? { closedAt: row.closed_at, closedBy: row.closed_by } : undefined;
}
