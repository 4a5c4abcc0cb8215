import type { ClientBase } from 'pg';
import { genesisHashOf } from './audit-schema';
import { rowHashOf, utcTextOf, type HashedAuditRow } from './canonical-row';

export type AuditProblem = 'edited' | 'deleted' | 'inserted' | 'rewritten';

/** A lane's head: the number and hash of its newest row (docs/decisions.md #128). */
export interface PublishedHead {
  lane: number;
  sequence: number;
  rowHash: string;
}

export type AuditVerdict =
  /** `heads`: every lane that holds a row, in lane order. */
  | { ok: true; rows: number; heads: PublishedHead[] }
  | { ok: false; rows: number; lane: number; sequence: number; problem: AuditProblem; message: string };

/**
 * A time's UTC calendar fields for `utcTextOf`, which writes the text `audit.utc_text` hashed at the
 * seal. Not `audit.utc_text` itself: its owner may replace it (docs/decisions.md #48). The grammar
 * binds AT TIME ZONE and EXTRACT to pg_catalog's functions whatever the search path; EXTRACT is
 * exact over the whole range, where the epoch in seconds is not near its top.
 */
const utcFields = (column: string): string =>
  `ARRAY[${['year', 'month', 'day', 'hour', 'minute', 'microseconds'].map((field) => `EXTRACT(${field} FROM ${column} AT TIME ZONE 'UTC')`).join(', ')}]::text`;

const hashedColumns = `
  sequence::text AS "sequence", ${utcFields('recorded_at')} AS "recordedUtc", ${utcFields('occurred_at')} AS "occurredUtc",
  written_by AS "writtenBy", service, action, actor_subject AS "actorSubject", actor_roles AS "actorRoles",
  on_behalf_of_pemda AS "onBehalfOfPemda", pemda_code AS "pemdaCode", year::text AS "year",
  sub_indicator_code AS "subIndicatorCode", subject_ids::text AS "subjectIds", details::text AS "details",
  previous_hash AS "previousHash", row_hash AS "rowHash"`;

/** A stored row as read: its times as UTC fields, formatted in JavaScript before hashing. */
type StoredAuditRow = Omit<HashedAuditRow, 'recordedAt' | 'occurredAt'> & { recordedUtc: string; occurredUtc: string };

/**
 * Where a lane's scan starts: the lowest bigint, not 1. `audit.append` numbers from 1, and a row
 * numbered 0 or below is visible to everyone who reads the log, so it must be read to be named.
 */
const LOWEST_SEQUENCE = '-9223372036854775808';

/** The lanes that hold rows, read off the primary key (lane, sequence) one lane at a time, not by a scan. */
const lanesWithRows = `
  WITH RECURSIVE lanes AS (
    SELECT min(lane) AS lane FROM audit.entry
    UNION ALL
    SELECT (SELECT min(entry.lane) FROM audit.entry WHERE entry.lane > lanes.lane) FROM lanes WHERE lanes.lane IS NOT NULL)
  SELECT lane FROM lanes WHERE lane IS NOT NULL`;

const problemWords: Record<AuditProblem, string> = {
  edited: 'telah diubah (edited)',
  deleted: 'telah dihapus (deleted)',
  inserted: 'disisipkan di luar audit.append (inserted)',
  rewritten: 'tidak sama dengan head yang diterbitkan (chain rewritten)',
};

type LaneVerdict = { ok: true; rows: number; head: PublishedHead } | { ok: false; rows: number; sequence: number; problem: AuditProblem; detail: string };

/** Every hash published for a lane's rows, by sequence. */
type PublishedOfLane = Map<number, Set<string>>;

/**
 * Recomputes every lane's chain from its first row and names the first bad one: a row whose hash
 * does not match its content, or whose time no hash can vouch for (edited), a missing sequence
 * number or a previous-hash link to nothing (deleted), a row numbered below 1, beyond the head
 * `audit.append` recorded or in a lane it never recorded (inserted), and, given published heads, a
 * lane that does not contain one of them (the lane rewritten and re-hashed from its first row, or
 * removed with its head). `published` takes every head published, any number per lane in any order:
 * each is checked, so a forged newer head does not hide the genuine ones before it.
 */
export async function verifyAuditTrail(
  client: ClientBase,
  options: { published?: PublishedHead[]; batchSize?: number } = {},
): Promise<AuditVerdict> {
  // One snapshot for the heads and every row: on a live log a row sealed between two reads would
  // otherwise lie beyond the head read first, and be named inserted. `client` must be outside a transaction.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return await verifyInOneSnapshot(client, options);
  } finally {
    await client.query('COMMIT');
  }
}

async function verifyInOneSnapshot(
  client: ClientBase,
  { published = [], batchSize = 5000 }: { published?: PublishedHead[]; batchSize?: number },
): Promise<AuditVerdict> {
  const recordedHeads = new Map(
    (await client.query<{ lane: number; sequence: string; row_hash: string }>('SELECT lane, sequence::text, row_hash FROM audit.head')).rows.map(
      (head) => [head.lane, { sequence: Number(head.sequence), rowHash: head.row_hash }],
    ),
  );
  const lanes = new Set<number>([
    ...recordedHeads.keys(),
    ...(await client.query<{ lane: number }>(lanesWithRows)).rows.map((row) => row.lane),
    ...published.map((head) => head.lane),
  ]);
  const publishedByLane = new Map<number, PublishedOfLane>();
  // A head at 0 or below vouches for no row.
  for (const head of published.filter(({ sequence }) => sequence >= 1)) {
    const ofLane = publishedByLane.get(head.lane) ?? new Map<number, Set<string>>();
    ofLane.set(head.sequence, (ofLane.get(head.sequence) ?? new Set<string>()).add(head.rowHash));
    publishedByLane.set(head.lane, ofLane);
  }
  let rows = 0;
  const heads: PublishedHead[] = [];
  for (const lane of [...lanes].sort((a, b) => a - b)) {
    const verdict = await verifyLane(client, lane, recordedHeads.get(lane), publishedByLane.get(lane) ?? new Map(), batchSize);
    rows += verdict.rows;
    if (!verdict.ok) {
      return { ok: false, rows, lane, sequence: verdict.sequence, problem: verdict.problem, message: `Baris audit #${verdict.sequence} (lajur/lane ${lane}) ${problemWords[verdict.problem]}: ${verdict.detail}` };
    }
    if (verdict.rows > 0) heads.push(verdict.head);
  }
  return { ok: true, rows, heads };
}

async function verifyLane(
  client: ClientBase,
  lane: number,
  recordedHead: { sequence: number; rowHash: string } | undefined,
  published: PublishedOfLane,
  batchSize: number,
): Promise<LaneVerdict> {
  const genesis = genesisHashOf(lane);
  // A lane with rows but no head row was never written by audit.append.
  const headSequence = recordedHead?.sequence ?? 0;
  let expected = 1;
  let readFrom = LOWEST_SEQUENCE;
  let previousHash = genesis;
  const failure = (sequence: number, problem: AuditProblem, detail: string): LaneVerdict => ({ ok: false, rows: expected - 1, sequence, problem, detail });
  for (;;) {
    const { rows } = await client.query<StoredAuditRow>(
      `SELECT ${hashedColumns} FROM audit.entry WHERE lane = $1 AND sequence >= $2 ORDER BY entry.sequence LIMIT ${batchSize}`,
      [lane, readFrom],
    );
    for (const row of rows) {
      const sequence = Number(row.sequence);
      if (sequence < 1) return failure(sequence, 'inserted', `audit.append memberi nomor mulai #1, bukan #${row.sequence}`);
      if (sequence > headSequence) return failure(sequence, 'inserted', recordedHead ? `head tercatat #${headSequence}` : 'lajur tanpa head tercatat');
      if (sequence !== expected) return failure(expected, 'deleted', `berikutnya yang ada #${sequence}`);
      if (row.previousHash !== previousHash) {
        return failure(sequence, 'deleted', 'hash sebelumnya tidak menunjuk baris sebelumnya (a row before it was removed or replaced)');
      }
      const recordedAt = utcTextOf(row.recordedUtc);
      const occurredAt = utcTextOf(row.occurredUtc);
      if (recordedAt === undefined || occurredAt === undefined) {
        // The seal's text writes 1 BC as 1 AD and both infinities as null: no hash tells them apart.
        return failure(sequence, 'edited', `waktunya sebelum tahun 1 M atau tak hingga, yang tidak dibedakan hash (a BC or infinite time): recorded ${row.recordedUtc}, occurred ${row.occurredUtc}`);
      }
      if (rowHashOf({ ...row, recordedAt, occurredAt }) !== row.rowHash) return failure(sequence, 'edited', 'isi tidak cocok dengan hash-nya');
      for (const publishedHash of published.get(sequence) ?? []) {
        if (publishedHash !== row.rowHash) return failure(sequence, 'rewritten', `hash diterbitkan ${publishedHash}`);
      }
      previousHash = row.rowHash;
      expected += 1;
    }
    if (rows.length < batchSize) break;
    readFrom = String(expected);
  }
  const count = expected - 1;
  if (count < headSequence) return failure(count + 1, 'deleted', `head tercatat #${headSequence}`);
  if (recordedHead && previousHash !== recordedHead.rowHash) return failure(count, 'edited', 'hash tidak sama dengan head tercatat');
  const beyond = [...published.keys()].filter((sequence) => sequence > count).sort((a, b) => a - b)[0];
  if (beyond !== undefined) return failure(beyond, 'rewritten', 'baris yang head-nya diterbitkan tidak ada');
  return { ok: true, rows: count, head: { lane, sequence: count, rowHash: previousHash } };
}
