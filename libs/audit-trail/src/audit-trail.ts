import { prepared } from '@mcp/postgres-client';
import type { EntityManager } from 'typeorm';
import { onBehalfOfPemda, rolesOf, subjectOf, type AuditEntry } from './audit-entry';

/**
 * Appends to the audit log inside the caller's transaction: the row commits with the state change
 * or not at all. It is numbered and chained at the commit (docs/decisions.md #98), which takes the
 * audit head's lock for the commit's length only, so the call can sit anywhere in the transaction.
 */
async function append(manager: EntityManager, entry: AuditEntry): Promise<void> {
  const part = appendPart(manager, entry, { firstParameter: 1 });
  await manager.query(prepared(`SELECT ${part.callSql}`), part.parameters);
}

/**
 * `append` as a share of the caller's own statement (docs/decisions.md #114): `callSql` is the call
 * (`audit.append(…)`) to SELECT in a CTE the outer query reads, with `parameters` numbered from
 * `firstParameter`. `details` rewrites the details' JSON in SQL, to add a value the same statement
 * computes (e.g. `${detailsParameter}::jsonb || jsonb_build_object(…)`).
 */
function appendPart(
  manager: EntityManager,
  entry: AuditEntry,
  options: { firstParameter: number; details?: (detailsParameter: string) => string },
): { callSql: string; parameters: unknown[] } {
  const service = (manager.connection.options as { schema?: string }).schema ?? 'unknown';
  const parameters = [
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
  ];
  const placeholders = parameters.map((_, index) => `$${options.firstParameter + index}`);
  if (options.details) placeholders[9] = options.details(placeholders[9]);
  return { callSql: `audit.append(${placeholders.join(', ')})`, parameters };
}

export const auditTrail = { append, appendPart };
