import type { EntityManager } from 'typeorm';
import { onBehalfOfPemda, rolesOf, subjectOf, type AuditEntry } from './audit-entry';

/**
 * Appends to the audit log inside the caller's transaction: the row commits with the state change
 * or not at all. Call it as the use case's last write: it holds the audit head's lock until commit,
 * and taking no other lock after it keeps appends from deadlocking with the service's own locks.
 */
async function append(manager: EntityManager, entry: AuditEntry): Promise<number> {
  const service = (manager.connection.options as { schema?: string }).schema ?? 'unknown';
  const rows: { sequence: string }[] = await manager.query(
    'SELECT audit.append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS sequence',
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
  return Number(rows[0].sequence);
}

export const auditTrail = { append };
