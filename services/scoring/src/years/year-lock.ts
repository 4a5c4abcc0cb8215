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

/**
 * Returns the database clock read under the lock: whatever the holder changes is then later than
 * every change of the year committed before, and earlier than every change after.
 */
export async function lockYearExclusive(manager: EntityManager, year: number): Promise<Date> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('scoring.year'), $1)`, [year]);
  const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
  return now;
}
