import type { ClientBase } from 'pg';
import { genesisHashOf } from './audit-schema';
import { rowHashOf, type HashedAuditRow } from './canonical-row';

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

const hashedColumns = `
  sequence::text AS "sequence", audit.utc_text(recorded_at) AS "recordedAt", audit.utc_text(occurred_at) AS "occurredAt",
  written_by AS "writtenBy", service, action, actor_subject AS "actorSubject", actor_roles AS "actorRoles",
  on_behalf_of_pemda AS "onBehalfOfPemda", pemda_code AS "pemdaCode", year::text AS "year",
  sub_indicator_code AS "subIndicatorCode", subject_ids::text AS "subjectIds", details::text AS "details",
  previous_hash AS "previousHash", row_hash AS "rowHash"`;

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

/**
 * Recomputes every lane's chain from its first row and names the first bad one: a row whose hash
 * does not match its content (edited), a missing sequence number or a previous-hash link to nothing
 * (deleted), a row beyond the head `audit.append` recorded or in a lane it never recorded
 * (inserted), and, given the last published heads, a lane that no longer contains its head (the
 * lane rewritten and re-hashed from its first row, or removed with its head).
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
  let rows = 0;
  const heads: PublishedHead[] = [];
  for (const lane of [...lanes].sort((a, b) => a - b)) {
    const verdict = await verifyLane(client, lane, recordedHeads.get(lane), published.find((head) => head.lane === lane), batchSize);
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
  published: PublishedHead | undefined,
  batchSize: number,
): Promise<LaneVerdict> {
  const genesis = genesisHashOf(lane);
  // A lane with rows but no head row was never written by audit.append.
  const headSequence = recordedHead?.sequence ?? 0;
  let expected = 1;
  let previousHash = genesis;
  let publishedSeen = !published || published.sequence === 0;
  const failure = (sequence: number, problem: AuditProblem, detail: string): LaneVerdict => ({ ok: false, rows: expected - 1, sequence, problem, detail });
  for (;;) {
    const { rows } = await client.query<HashedAuditRow>(
      `SELECT ${hashedColumns} FROM audit.entry WHERE lane = $1 AND sequence >= $2 ORDER BY entry.sequence LIMIT ${batchSize}`,
      [lane, expected],
    );
    for (const row of rows) {
      const sequence = Number(row.sequence);
      if (sequence > headSequence) return failure(sequence, 'inserted', recordedHead ? `head tercatat #${headSequence}` : 'lajur tanpa head tercatat');
      if (sequence !== expected) return failure(expected, 'deleted', `berikutnya yang ada #${sequence}`);
      if (row.previousHash !== previousHash) {
        return failure(sequence, 'deleted', 'hash sebelumnya tidak menunjuk baris sebelumnya (a row before it was removed or replaced)');
      }
      if (rowHashOf(row) !== row.rowHash) return failure(sequence, 'edited', 'isi tidak cocok dengan hash-nya');
      if (published && sequence === published.sequence) {
        if (row.rowHash !== published.rowHash) return failure(sequence, 'rewritten', `hash diterbitkan ${published.rowHash}`);
        publishedSeen = true;
      }
      previousHash = row.rowHash;
      expected += 1;
    }
    if (rows.length < batchSize) break;
  }
  const count = expected - 1;
  if (count < headSequence) return failure(count + 1, 'deleted', `head tercatat #${headSequence}`);
  if (recordedHead && previousHash !== recordedHead.rowHash) return failure(count, 'edited', 'hash tidak sama dengan head tercatat');
  if (!publishedSeen && published) return failure(published.sequence, 'rewritten', 'baris yang head-nya diterbitkan tidak ada');
  return { ok: true, rows: count, head: { lane, sequence: count, rowHash: previousHash } };
}
