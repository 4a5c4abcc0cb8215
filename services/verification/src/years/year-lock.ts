import { prepared } from '@mcp/postgres-client';
import { schemaOf } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';

/**
 * What takes a year's unfinished tasks out of the queue (a closed year, a revision that drops a
 * sub-indicator) holds this lock exclusively, and the intake holds it shared before it reads the
 * year's state. Without it, an upload read under the old state could insert an open task just
 * after the sweep ran, and that task could never be decided.
 */
export async function lockYearExclusive(manager: EntityManager, year: number): Promise<void> {
  await manager.query(prepared('SELECT pg_advisory_xact_lock(hashtext($1), $2::int)'), [yearLockNamespace(manager), year]);
}

/** The lock's first key; the year is the second. */
export function yearLockNamespace(manager: EntityManager): string {
  return `${schemaOf(manager)}.year`;
}
