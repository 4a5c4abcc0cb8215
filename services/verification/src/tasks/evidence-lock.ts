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
