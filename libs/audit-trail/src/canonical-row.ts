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

/**
 * `audit.utc_text` in JavaScript: the text the seal hashed a time as
 * (`to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`), written from the value's UTC
 * calendar fields as verify reads them with built-ins only, `{year,month,day,hour,minute,µs of the
 * minute}` (numeric[] as text). Verify formats the times itself so that a replaced `utc_text`, a
 * function of the log's owner, cannot vouch for an edited time (docs/decisions.md #48).
 * Undefined for a time the seal's text does not tell apart from another, so no hash can vouch for
 * it: a year before 1 AD (to_char writes 1 BC as 0001, the same as 1 AD; Postgres's year is then
 * negative) and ±infinity (null for both).
 */
export function utcTextOf(fields: string): string | undefined {
  const match = /^\{(\d{1,6}),(\d{1,2}),(\d{1,2}),(\d{1,2}),(\d{1,2}),(\d{1,8})\}$/.exec(fields);
  if (!match || Number(match[1]) < 1) return undefined;
  const [year, month, day, hour, minute, microseconds] = match.slice(1);
  const pad = (value: string | number, width: number): string => String(value).padStart(width, '0');
  const second = Math.floor(Number(microseconds) / 1_000_000);
  const fraction = Number(microseconds) % 1_000_000;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(fraction, 6)}Z`;
}
