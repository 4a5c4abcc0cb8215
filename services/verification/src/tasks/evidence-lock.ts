import { prepared } from '@mcp/postgres-client';
import { schemaOf } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import { yearLockNamespace } from '../years/year-lock';

/**
 * An upload and its withdrawal arrive on different topics, so they may be handled at the same
 * time; this per-evidence lock makes one wait for the other, and the later sees the earlier.
 */
export async function lockEvidenceId(manager: EntityManager, evidenceId: string): Promise<void> {
  await manager.query(prepared('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))'), [`${schemaOf(manager)}.evidence`, evidenceId]);
}

/**
 * `lockEvidenceId` for a batch of uploads in one statement (docs/decisions.md #127), before any of
 * them is read, and each of their years' lock shared (years/year-lock.ts), in the same statement.
 * Taken in the locks' own order, so two transactions locking overlapping sets (a redelivered
 * batch) cannot each hold one the other waits for.
 */
export async function lockIntake(manager: EntityManager, uploads: readonly { evidenceId: string; year: number }[]): Promise<void> {
  await manager.query(
    prepared(`SELECT (SELECT count(pg_advisory_xact_lock(hashtext($1), ids.lock_key))
                        FROM (SELECT DISTINCT hashtext(id) AS lock_key FROM unnest($2::text[]) AS u(id) ORDER BY 1) ids),
                     (SELECT count(pg_advisory_xact_lock_shared(hashtext($3), years.year))
                        FROM (SELECT DISTINCT year FROM unnest($4::int[]) AS u(year) ORDER BY 1) years)`),
    [`${schemaOf(manager)}.evidence`, uploads.map((upload) => upload.evidenceId), yearLockNamespace(manager), uploads.map((upload) => upload.year)],
  );
}
