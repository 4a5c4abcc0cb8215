import type { ClientBase } from 'pg';
import { genesisHashOf } from './audit-schema';
import { rowHashOf, utcTextOf } from './canonical-row';
import { verifyAuditTrail, type PublishedHead } from './verify-audit-trail';

/** A stored row as verify reads it: times as UTC fields (`{year,month,day,hour,minute,µs}`). */
interface StoredRow {
  lane: number;
  sequence: string;
  recordedUtc: string;
  occurredUtc: string;
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

/** Hashes `row` over the given time texts, as the seal did (by default the texts its fields give). */
function sealed(row: StoredRow, times: { recordedAt?: string; occurredAt?: string } = {}): StoredRow {
  const recordedAt = times.recordedAt ?? utcTextOf(row.recordedUtc) ?? '';
  const occurredAt = times.occurredAt ?? utcTextOf(row.occurredUtc) ?? '';
  return { ...row, rowHash: rowHashOf({ ...row, recordedAt, occurredAt }) };
}

/** A lane's chain of `count` rows as audit.append seals it; `actor` changes what row 2 says. */
function chain(count: number, { lane = 0, actor = 'op-1' }: { lane?: number; actor?: string } = {}): StoredRow[] {
  const rows: StoredRow[] = [];
  let previousHash = genesisHashOf(lane);
  for (let n = 1; n <= count; n += 1) {
    const row = sealed({
      lane,
      sequence: String(n),
      recordedUtc: `{2025,3,${n},1,2,${3_456_789 + n}}`,
      occurredUtc: `{2025,3,${n},1,2,3456000}`,
      writtenBy: 'mcp_submissions',
      service: 'submissions',
      action: 'evidence.uploaded',
      actorSubject: n === 2 ? actor : 'op-1',
      actorRoles: 'pemda-operator',
      onBehalfOfPemda: null,
      pemdaCode: '32.73',
      year: '2025',
      subIndicatorCode: '1.1.1',
      subjectIds: '{"evidenceId": "e-1"}',
      details: `{"version": ${n}}`,
      previousHash,
      rowHash: '',
    });
    rows.push(row);
    previousHash = row.rowHash;
  }
  return rows;
}

const headOf = (rows: StoredRow[], lane = 0): PublishedHead => ({ lane, sequence: rows.length, rowHash: rows[rows.length - 1].rowHash });

/**
 * Answers verify's statements from `entries` and `heads` as Postgres would: the entry scan by
 * lane, `sequence >= $2`, in sequence order, up to its LIMIT.
 */
function database(entries: StoredRow[], heads: PublishedHead[]): { client: ClientBase; statements: string[] } {
  const statements: string[] = [];
  const query = async (sql: string, params: unknown[] = []): Promise<{ rows: unknown[] }> => {
    statements.push(sql);
    if (/^\s*(BEGIN|COMMIT)/.test(sql)) return { rows: [] };
    if (sql.includes('FROM audit.head')) return { rows: heads.map((head) => ({ lane: head.lane, sequence: String(head.sequence), row_hash: head.rowHash })) };
    if (sql.includes('WITH RECURSIVE lanes')) return { rows: [...new Set(entries.map((entry) => entry.lane))].sort((a, b) => a - b).map((lane) => ({ lane })) };
    const [lane, from] = params as [number, string];
    const limit = Number(/LIMIT (\d+)/.exec(sql)?.[1]);
    const rows = entries
      .filter((entry) => entry.lane === lane && BigInt(entry.sequence) >= BigInt(from))
      .sort((a, b) => (BigInt(a.sequence) < BigInt(b.sequence) ? -1 : 1))
      .slice(0, limit);
    return { rows };
  };
  return { client: { query } as unknown as ClientBase, statements };
}

describe('verifying the audit log', () => {
  it('verifies an intact lane read in batches, linking across their boundaries', async () => {
    const rows = chain(5);
    expect(await verifyAuditTrail(database(rows, [headOf(rows)]).client, { batchSize: 2 })).toEqual({ ok: true, rows: 5, heads: [headOf(rows)] });
  });

  it('names a row numbered 0 or below as inserted, though no scan from 1 would read it', async () => {
    const rows = chain(3);
    for (const sequence of ['0', '-7']) {
      const below = { ...rows[0], sequence };
      expect(await verifyAuditTrail(database([...rows, below], [headOf(rows)]).client, { batchSize: 2 })).toMatchObject({
        ok: false,
        lane: 0,
        sequence: Number(sequence),
        problem: 'inserted',
        message: expect.stringContaining(`#${sequence}`),
      });
    }
  });

  it('formats the times itself, reading them with built-ins only, so no audit function vouches for them', async () => {
    const rows = chain(3);
    const { client, statements } = database(rows, [headOf(rows)]);
    await verifyAuditTrail(client);
    expect(statements.join('\n')).not.toMatch(/audit\.(utc_text|canonical_text)/);
    // occurred_at moved by a day while the hash stays the seal's: edited.
    const edited = rows.map((row) => (row.sequence === '2' ? { ...row, occurredUtc: '{2025,3,1,1,2,3456000}' } : row));
    expect(await verifyAuditTrail(database(edited, [headOf(rows)]).client)).toMatchObject({ ok: false, sequence: 2, problem: 'edited' });
  });

  it('names a time before 1 AD or infinite as edited, even when its hash matches the text the seal writes for it', async () => {
    const rows = chain(2);
    // to_char writes 1 March 2025 BC as 2025-03-01, the same as AD: the hash cannot tell them apart.
    const bc = sealed({ ...rows[1], occurredUtc: '{-2025,3,2,1,2,3456000}' }, { occurredAt: '2025-03-02T01:02:03.456000Z' });
    expect(bc.rowHash).toBe(rows[1].rowHash);
    expect(await verifyAuditTrail(database([rows[0], bc], [headOf(rows)]).client)).toMatchObject({ ok: false, sequence: 2, problem: 'edited' });
    const infinite = { ...rows[1], recordedUtc: '{Infinity,NULL,NULL,NULL,NULL,NULL}' };
    expect(await verifyAuditTrail(database([rows[0], infinite], [headOf(rows)]).client)).toMatchObject({ ok: false, sequence: 2, problem: 'edited' });
  });

  it('checks every published head of a lane: a forged newer head does not hide the genuine one before it', async () => {
    const genuine = chain(5);
    // Rewritten from row 2 and re-hashed, one row appended, audit.head moved and that head published too.
    const rewritten = chain(6, { actor: 'someone-else' });
    const forgedNewer = headOf(rewritten);
    const { client } = database(rewritten, [forgedNewer]);
    expect(await verifyAuditTrail(client, { published: [forgedNewer] })).toMatchObject({ ok: true, rows: 6 });
    expect(await verifyAuditTrail(client, { published: [forgedNewer, headOf(genuine)] })).toMatchObject({
      ok: false,
      lane: 0,
      sequence: 5,
      problem: 'rewritten',
    });
    expect(await verifyAuditTrail(client, { published: [{ lane: 0, sequence: 2, rowHash: genuine[1].rowHash }, forgedNewer] })).toMatchObject({
      ok: false,
      sequence: 2,
      problem: 'rewritten',
    });
  });

  it("names the first published head beyond a lane's end, and ignores a head at 0, which vouches for no row", async () => {
    const rows = chain(3);
    const { client } = database(rows, [headOf(rows)]);
    const beyond = (sequence: number): PublishedHead => ({ lane: 0, sequence, rowHash: 'f'.repeat(64) });
    expect(await verifyAuditTrail(client, { published: [beyond(9), beyond(4), headOf(rows)] })).toMatchObject({ ok: false, sequence: 4, problem: 'rewritten' });
    expect(await verifyAuditTrail(client, { published: [beyond(0), headOf(rows), headOf(rows)] })).toMatchObject({ ok: true, rows: 3 });
  });
});
