import { createHash } from 'node:crypto';

/** A stored audit row with every hashed field as the text the hash was computed over. */
export interface HashedAuditRow {
  sequence: string;
  recordedAt: string;
  occurredAt: string;
  writtenBy: string;
  service: string;
  action: string;
  actorSubject: string;
  actorRoles: string;
  onBehalfOfPemda: string | null;
  pemdaCode: string | null;
  year: string | null;
  subIndicatorCode: string | null;
  subjectIds: string;
  details: string;
  previousHash: string;
  rowHash: string;
}

/**
 * The canonical serialisation: a JSON array of strings (or null) in a fixed order, no whitespace,
 * the previous row's hash first. JSON.stringify escapes strings exactly as Postgres's `to_json`
 * does (quote, backslash, \b \f \n \r \t, other control characters as lower-case \u00XX), so this
 * writes the bytes `audit.canonical_text` wrote when the row was appended.
 */
export function canonicalRowText(row: HashedAuditRow): string {
  return JSON.stringify([
    row.previousHash,
    row.sequence,
    row.recordedAt,
    row.occurredAt,
    row.writtenBy,
    row.service,
    row.action,
    row.actorSubject,
    row.actorRoles,
    row.onBehalfOfPemda,
    row.pemdaCode,
    row.year,
    row.subIndicatorCode,
    row.subjectIds,
    row.details,
  ]);
}

/** SHA-256 (hex) over the canonical serialisation, which begins with the previous row's hash. */
export function rowHashOf(row: HashedAuditRow): string {
  return createHash('sha256').update(canonicalRowText(row), 'utf8').digest('hex');
}
