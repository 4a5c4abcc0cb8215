import { prepared } from '@mcp/postgres-client';
import type { EntityManager } from 'typeorm';
import { onBehalfOfPemda, rolesOf, subjectOf, type AuditEntry } from './audit-entry';

/**
 * Appends to the audit log inside the caller's transaction: the row commits with the state change
 * or not at all. It is numbered and chained at the commit (docs/decisions.md #98), which takes the
 * audit head's lock for the commit's length only, so the call can sit anywhere in the transaction.
 */
async function append(manager: EntityManager, entry: AuditEntry): Promise<void> {
  const service = (manager.connection.options as { schema?: string }).schema ?? 'unknown';
  await manager.query(
    prepared('SELECT audit.append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)'),
    [
      service,
      entry.action,
      subjectOf(entry.actor),
      [...rolesOf(entry.actor)].sort().join(','),
      onBehalfOfPemda(entry),
      entry.pemdaCode ?? null,
      entry.year ?? null,
      entry.subIndicatorCode ?? null,
      JSON.stringify(entry.ids ?? {}),
      JSON.stringify(entry.details ?? {}),
      entry.occurredAt ?? new Date(),
    ],
  );
}

export const auditTrail = { append };
