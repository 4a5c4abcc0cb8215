import type { ClientBase } from 'pg';
import { GENESIS_HASH } from './audit-schema';
import { rowHashOf, type HashedAuditRow } from './canonical-row';

export type AuditProblem = 'edited' | 'deleted' | 'inserted' | 'rewritten';

export interface PublishedHead {
  sequence: number;
  rowHash: string;
}

export type AuditVerdict =
  | { ok: true; rows: number; head: PublishedHead }
  | { ok: false; rows: number; sequence: number; problem: AuditProblem; message: string };


const hashedColumns = `
  sequence::text AS "sequence", audit.utc_text(recorded_at) AS "recordedAt", audit.utc_text(occurred_at) AS "occurredAt",
  written_by AS "writtenBy", service, action, actor_subject AS "actorSubject", actor_roles AS "actorRoles",
  on_behalf_of_pemda AS "onBehalfOfPemda", pemda_code AS "pemdaCode", year::text AS "year",
  sub_indicator_code AS "subIndicatorCode", subject_ids::text AS "subjectIds", details::text AS "details",
  previous_hash AS "previousHash", row_hash AS "rowHash"`;

function failure(rows: number, sequence: number, problem: AuditProblem, detail: string): AuditVerdict {
  return { ok: false, rows, sequence, problem, message: `Baris audit #${sequence} ${problemWords[problem]}: ${detail}` };
}

const problemWords: Record<AuditProblem, string> = {
  edited: 'telah diubah (edited)',
  deleted: 'telah dihapus (deleted)',
  inserted: 'disisipkan di luar audit.append (inserted)',
  rewritten: 'tidak sama dengan head yang diterbitkan (chain rewritten)',
};

/**
 * Recomputes the chain from the first row and names the first bad one: a row whose hash does not
 * match its content (edited), a missing sequence number or a previous-hash link to nothing
 * (deleted), a row beyond the head `audit.append` recorded (inserted), and, given the last
 * published head, a chain that no longer contains it (the whole chain rewritten and re-hashed).
 */
export async function verifyAuditTrail(
  client: ClientBase,
  { published, batchSize = 5000 }: { published?: PublishedHead; batchSize?: number } = {},
): Promise<AuditVerdict> {
  const [recordedHead] = (await client.query<{ sequence: string; row_hash: string }>('SELECT sequence::text, row_hash FROM audit.head')).rows;
  const headSequence = Number(recordedHead.sequence);
  let expected = 1;
  let previousHash = GENESIS_HASH;
  let publishedSeen = !published || published.sequence === 0;
  for (;;) {
    const { rows } = await client.query<HashedAuditRow>(
      `SELECT ${hashedColumns} FROM audit.entry WHERE sequence >= $1 ORDER BY entry.sequence LIMIT ${batchSize}`,
      [expected],
    );
    for (const row of rows) {
      const sequence = Number(row.sequence);
      if (sequence > headSequence) return failure(expected - 1, sequence, 'inserted', `head tercatat #${headSequence}`);
      if (sequence !== expected) return failure(expected - 1, expected, 'deleted', `berikutnya yang ada #${sequence}`);
      if (row.previousHash !== previousHash) {
        return failure(expected - 1, sequence, 'deleted', 'hash sebelumnya tidak menunjuk baris sebelumnya (a row before it was removed or replaced)');
      }
      if (rowHashOf(row) !== row.rowHash) return failure(expected - 1, sequence, 'edited', 'isi tidak cocok dengan hash-nya');
      if (published && sequence === published.sequence) {
        if (row.rowHash !== published.rowHash) return failure(expected - 1, sequence, 'rewritten', `hash diterbitkan ${published.rowHash}`);
        publishedSeen = true;
      }
      previousHash = row.rowHash;
      expected += 1;
    }
    if (rows.length < batchSize) break;
  }
  const count = expected - 1;
  if (count < headSequence) return failure(count, count + 1, 'deleted', `head tercatat #${headSequence}`);
  if (previousHash !== recordedHead.row_hash) return failure(count, count, 'edited', 'hash tidak sama dengan head tercatat');
  if (!publishedSeen && published) return failure(count, published.sequence, 'rewritten', 'baris yang head-nya diterbitkan tidak ada');
  return { ok: true, rows: count, head: { sequence: count, rowHash: previousHash } };
}
