import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type CopyValue = string | number | null;

/** Rows are handed to the COPY stream in pieces of about this many characters: bounded strings, few writes. */
const PIECE_CHARS = 1 << 20;

/**
 * One value in COPY's text format: backslash, tab, newline and carriage return escaped, `\N` for
 * null. Our values are codes, decimals and ISO times, so this rarely changes anything, but a value
 * must never be able to split a row or a column.
 */
export function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : text;
}

/** The rows as COPY text-format lines, in pieces: what `copyRows` streams to the server. */
export function* copyPieces<T>(rows: readonly T[], valuesOf: (row: T) => CopyValue[]): Generator<string> {
  let piece = '';
  for (const row of rows) {
    piece += `${valuesOf(row).map(copyText).join('\t')}\n`;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  if (piece.length > 0) yield piece;
}

/**
 * Loads rows with `COPY … FROM STDIN` (pg-copy-streams): for the rebuild's append-only shadow
 * tables, where the rows are already deduplicated in memory, COPY costs the server a fraction of a
 * multi-row INSERT (no parameter arrays to parse, no conflict check) and the client no array escaping.
 */
export async function copyRows<T>(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly T[],
  valuesOf: (row: T) => CopyValue[],
): Promise<void> {
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyPieces(rows, valuesOf)), stream);
}
