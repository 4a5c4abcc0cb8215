import { prepared } from '@mcp/postgres-client';
import { schemaOf } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';

/**
 * An upload and its withdrawal arrive on different topics, so they may be handled at the same
 * time; this per-evidence lock makes one wait for the other, and the later sees the earlier.
 */
export async function lockEvidenceId(manager: EntityManager, evidenceId: string): Promise<void> {
  await manager.query(prepared('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))'), [`${schemaOf(manager)}.evidence`, evidenceId]);
}

/**
 * `lockEvidenceId` for a batch of uploads in one statement (docs/decisions.md #127), before any of
 * them is read. Taken in the locks' own order, so two transactions locking overlapping sets (a
 * redelivered batch) cannot each hold one the other waits for.
 */
export async function lockEvidenceIds(manager: EntityManager, evidenceIds: string[]): Promise<void> {
  if (evidenceIds.length === 1) return lockEvidenceId(manager, evidenceIds[0]);
  await manager.query(
    prepared(`SELECT count(pg_advisory_xact_lock(hashtext($1), ids.lock_key))
                FROM (SELECT DISTINCT hashtext(id) AS lock_key FROM unnest($2::text[]) AS u(id) ORDER BY 1) ids`),
    [`${schemaOf(manager)}.evidence`, evidenceIds],
  );
}
