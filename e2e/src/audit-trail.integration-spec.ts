import 'reflect-metadata';
import {
  AUDIT_LANES,
  auditTrail,
  genesisHashOf,
  prepareAuditTrail,
  rowHashOf,
  verifyAuditTrail,
  type AuditEntry,
  type HashedAuditRow,
  type PublishedHead,
} from '@mcp/audit-trail';
import { prepareDatabase, serviceCatalogue, serviceDatabaseUrl } from '@mcp/service-runtime';
import { testDatabaseUrl } from '@mcp/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/*
 * The audit log through the real database: appends from a service's own role in its transaction,
 * linear hash chains (lanes) under concurrency, append-only enforced by Postgres, and `verify`
 * naming the first bad row after a superuser edits, deletes, inserts or rewrites rows.
 */
const admin = new Client({ connectionString: testDatabaseUrl });
let submissions: DataSource;

const uploadByAdmin = (n: number): AuditEntry => ({
  actor: { subject: 'admin-1', roles: ['admin'] },
  action: 'evidence.uploaded',
  pemdaCode: '32.73',
  year: 2025,
  subIndicatorCode: '1.1.1',
  ids: { evidenceId: `00000000-0000-4000-8000-00000000000${n % 10}` },
  // Text Postgres and JavaScript must serialise alike: quotes, a newline, a control character, emoji.
  details: { fileName: `Laporan "${n}" – é 📄\n\u0001.pdf`, version: n },
  occurredAt: new Date(Date.UTC(2025, 2, n, 1, 2, 3, 456)),
});

async function appendRows(count: number): Promise<void> {
  for (let n = 1; n <= count; n += 1) await submissions.transaction((tx) => auditTrail.append(tx, uploadByAdmin(n)));
}

/** A superuser with triggers off (session_replication_role = replica): what an intruder with the database would do. */
async function tamper(sql: string, params: unknown[] = []): Promise<void> {
  await admin.query('BEGIN');
  await admin.query('SET LOCAL session_replication_role = replica');
  await admin.query(sql, params);
  await admin.query('COMMIT');
}

const hashedColumns = `sequence::text AS "sequence", audit.utc_text(recorded_at) AS "recordedAt", audit.utc_text(occurred_at) AS "occurredAt",
  written_by AS "writtenBy", service, action, actor_subject AS "actorSubject", actor_roles AS "actorRoles",
  on_behalf_of_pemda AS "onBehalfOfPemda", pemda_code AS "pemdaCode", year::text AS "year", sub_indicator_code AS "subIndicatorCode",
  subject_ids::text AS "subjectIds", details::text AS "details", previous_hash AS "previousHash", row_hash AS "rowHash"`;

async function storedRows(): Promise<HashedAuditRow[]> {
  return (await admin.query<HashedAuditRow>(`SELECT ${hashedColumns} FROM audit.entry ORDER BY lane, entry.sequence`)).rows;
}

/** Lane and sequence of every row, in that order. */
async function laneSequences(): Promise<[number, number][]> {
  return (await admin.query<{ lane: number; sequence: string }>('SELECT lane, sequence::text FROM audit.entry ORDER BY lane, sequence')).rows.map(
    (row) => [row.lane, Number(row.sequence)],
  );
}

async function head(lane = 0): Promise<PublishedHead> {
  const { rows } = await admin.query<{ sequence: string; row_hash: string }>('SELECT sequence::text, row_hash FROM audit.head WHERE lane = $1', [lane]);
  return { lane, sequence: Number(rows[0].sequence), rowHash: rows[0].row_hash };
}

/** Lane 0 rewritten from its second row and re-hashed to its end, its head row moved to match: the chain verifies against itself. */
async function rewriteFromSecondRow(): Promise<void> {
  await tamper(`UPDATE audit.entry SET actor_subject = 'someone-else' WHERE sequence = 2`);
  let previousHash = (await storedRows())[0].rowHash;
  for (const row of (await storedRows()).slice(1)) {
    const rowHash = rowHashOf({ ...row, previousHash });
    await tamper('UPDATE audit.entry SET previous_hash = $1, row_hash = $2 WHERE sequence = $3', [previousHash, rowHash, row.sequence]);
    previousHash = rowHash;
  }
  await tamper('UPDATE audit.head SET row_hash = $1 WHERE lane = 0', [previousHash]);
}

/** Holds the head rows of `lanes` locked, as a commit sealing into them does, until `release`. */
async function holdLanes(lanes: number[]): Promise<{ release: () => Promise<void> }> {
  const holder = new Client({ connectionString: testDatabaseUrl });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT lane FROM audit.head WHERE lane = ANY($1) FOR UPDATE', [lanes]);
  return {
    release: async () => {
      await holder.query('COMMIT');
      await holder.end();
    },
  };
}

beforeAll(async () => {
  await prepareDatabase(testDatabaseUrl, serviceCatalogue.map(({ name }) => name));
  await admin.connect();
  submissions = new DataSource({ type: 'postgres', url: serviceDatabaseUrl(testDatabaseUrl, 'submissions'), schema: 'submissions' });
  await submissions.initialize();
});

afterAll(async () => {
  await submissions.destroy();
  await admin.end();
});

beforeEach(async () => {
  await admin.query('DROP SCHEMA IF EXISTS audit CASCADE');
  await prepareAuditTrail(admin);
});

describe('the audit log', () => {
  it('records who, what, which and when, written by the service role, and an intact chain verifies', async () => {
    await appendRows(3);
    const [first] = (await admin.query('SELECT * FROM audit.entry ORDER BY sequence LIMIT 1')).rows;
    expect(first).toMatchObject({
      written_by: 'mcp_submissions',
      service: 'submissions',
      action: 'evidence.uploaded',
      actor_subject: 'admin-1',
      actor_roles: 'admin',
      on_behalf_of_pemda: '32.73',
      pemda_code: '32.73',
      year: 2025,
      sub_indicator_code: '1.1.1',
      previous_hash: '0'.repeat(64),
    });
    expect(first.details.fileName).toContain('📄');
    expect(await verifyAuditTrail(admin)).toEqual({ ok: true, rows: 3, heads: [await head()] });
  });

  it('keeps every lane a linear chain when transactions append at once, and a rolled-back change leaves no row', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => submissions.transaction((tx) => auditTrail.append(tx, uploadByAdmin(i + 1)))));
    await expect(
      submissions.transaction(async (tx) => {
        await auditTrail.append(tx, uploadByAdmin(99));
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const rows = await laneSequences();
    expect(rows).toHaveLength(12);
    for (const lane of new Set(rows.map(([rowLane]) => rowLane))) {
      const sequences = rows.filter(([rowLane]) => rowLane === lane).map(([, sequence]) => sequence);
      expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    }
    // Read in batches of five: the chain links across batch boundaries.
    expect(await verifyAuditTrail(admin, { batchSize: 5 })).toMatchObject({ ok: true, rows: 12 });
  });

  it('seals a commit into a free lane instead of waiting for a held head, all of one transaction in that lane', async () => {
    const held = await holdLanes([0]);
    try {
      // With one head for the whole log this would wait for the holder; lock_timeout turns that wait
      // into an error instead of a hung test.
      await submissions.transaction(async (tx) => {
        await tx.query("SET LOCAL lock_timeout = '3s'");
        for (const n of [1, 2, 3]) await auditTrail.append(tx, uploadByAdmin(n));
      });
    } finally {
      await held.release();
    }
    await appendRows(1);
    expect(await laneSequences()).toEqual([[0, 1], [1, 1], [1, 2], [1, 3]]);
    expect(await verifyAuditTrail(admin)).toEqual({ ok: true, rows: 4, heads: [await head(0), await head(1)] });
    expect((await head(1)).rowHash).toBe((await storedRows())[3].rowHash);
  });

  it('waits for a lane when every lane is held, and seals once it is free', async () => {
    const held = await holdLanes(Array.from({ length: AUDIT_LANES }, (_, lane) => lane));
    const appended = submissions.transaction((tx) => auditTrail.append(tx, uploadByAdmin(1)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await laneSequences()).toEqual([]);
    await held.release();
    await appended;
    expect(await laneSequences()).toHaveLength(1);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: true, rows: 1 });
  });

  it('starts every lane from a genesis of its own, the same in SQL and in JavaScript', async () => {
    const { rows } = await admin.query<{ lane: number; row_hash: string }>('SELECT lane, row_hash FROM audit.head ORDER BY lane');
    expect(rows.map((row) => row.row_hash)).toEqual(Array.from({ length: AUDIT_LANES }, (_, lane) => genesisHashOf(lane)));
    expect(new Set(rows.map((row) => row.row_hash)).size).toBe(AUDIT_LANES);
    expect(rows[0].row_hash).toBe('0'.repeat(64));
  });

  it('upgrades a log prepared before lanes in place: its rows become lane 0 and still verify', async () => {
    await appendRows(3);
    const before = await head();
    // The shape a database prepared before lanes has: one head row, the entry keyed by sequence alone.
    await admin.query(`
      ALTER TABLE audit.entry DROP CONSTRAINT entry_pkey;
      ALTER TABLE audit.entry DROP COLUMN lane;
      ALTER TABLE audit.entry ADD PRIMARY KEY (sequence);
      DELETE FROM audit.head WHERE lane <> 0;
      ALTER TABLE audit.head DROP CONSTRAINT head_pkey;
      ALTER TABLE audit.head DROP COLUMN lane;
      ALTER TABLE audit.head ADD COLUMN only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row);
      ALTER TABLE audit.entry DROP CONSTRAINT entry_sequence_positive;
      DROP TABLE audit.head_publication;
      UPDATE audit.head SET published_sequence = 2;
      DROP FUNCTION audit.head_to_publish();
      CREATE FUNCTION audit.head_to_publish() RETURNS TABLE (sequence bigint, row_hash text) LANGUAGE sql
        AS 'UPDATE audit.head h SET published_sequence = h.sequence WHERE h.sequence > h.published_sequence RETURNING h.sequence, h.row_hash';
      ALTER FUNCTION audit.head_to_publish() OWNER TO mcp_audit;`);
    await prepareAuditTrail(admin);
    expect(await verifyAuditTrail(admin)).toEqual({ ok: true, rows: 3, heads: [before] });
    // Published up to 2 before the upgrade, and still; the check on sequences holds for rows to come.
    expect((await admin.query('SELECT lane, published_sequence::int FROM audit.head_publication WHERE published_sequence > 0')).rows).toEqual([
      { lane: 0, published_sequence: 2 },
    ]);
    expect((await admin.query("SELECT convalidated FROM pg_constraint WHERE conname = 'entry_sequence_positive' AND conrelid = 'audit.entry'::regclass")).rows).toEqual([{ convalidated: false }]);
    await appendRows(1);
    expect(await laneSequences()).toEqual([[0, 1], [0, 2], [0, 3], [0, 4]]);
    expect((await admin.query('SELECT count(*)::int AS n FROM audit.head')).rows[0].n).toBe(AUDIT_LANES);
    // A reporting pod from before lanes, during the upgrade: lane 0's head only, as a head without a lane means.
    expect((await admin.query('SELECT sequence::int FROM audit.head_to_publish()')).rows).toEqual([{ sequence: 4 }]);
    expect((await admin.query('SELECT lane FROM audit.lane_heads_to_publish()')).rows).toEqual([]);
  });

  it('prepares a live log only once the transactions that appended have ended, holding new appends back meanwhile', async () => {
    const open = submissions.createQueryRunner();
    await open.connect();
    await open.startTransaction();
    let prepared = false;
    const preparer = new Client({ connectionString: testDatabaseUrl });
    await preparer.connect();
    try {
      await auditTrail.append(open.manager, uploadByAdmin(1));
      const preparing = prepareAuditTrail(preparer).then(() => (prepared = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(prepared).toBe(false);
      await open.commitTransaction();
      await preparing;
    } finally {
      await open.release();
      await preparer.end();
    }
    expect(await laneSequences()).toEqual([[0, 1]]);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: true, rows: 1 });
  });

  it('takes the chain only at commit: an open transaction that appended holds up no other append, and is numbered after it', async () => {
    const slow = submissions.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    try {
      await auditTrail.append(slow.manager, uploadByAdmin(1));
      // With the head locked at append time this would wait for `slow`; lock_timeout turns that wait
      // into an error instead of a hung test.
      await submissions.transaction(async (tx) => {
        await tx.query("SET LOCAL lock_timeout = '3s'");
        await auditTrail.append(tx, uploadByAdmin(2));
      });
      expect((await storedRows()).map((row) => row.details)).toEqual([expect.stringContaining('"version": 2')]);
      await slow.commitTransaction();
    } finally {
      await slow.release();
    }
    const rows = await storedRows();
    expect(rows.map((row) => [Number(row.sequence), JSON.parse(row.details).version])).toEqual([[1, 2], [2, 1]]);
    expect(await laneSequences()).toEqual([[0, 1], [0, 2]]);
    // Nothing is left pending once its transaction has committed.
    expect((await admin.query('SELECT count(*)::int AS n FROM audit.pending')).rows[0].n).toBe(0);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: true, rows: 2 });
  });

  it('lets a service role append but not update, delete, truncate or read, and refuses changes even to a superuser', async () => {
    await appendRows(2);
    for (const sql of ['UPDATE audit.entry SET details = \'{}\'', 'DELETE FROM audit.entry', 'TRUNCATE audit.entry', 'SELECT * FROM audit.entry']) {
      await expect(submissions.query(sql)).rejects.toThrow(/permission denied/);
    }
    await expect(admin.query('UPDATE audit.entry SET details = \'{}\' WHERE sequence = 1')).rejects.toThrow(/append-only/);
    await expect(admin.query('DELETE FROM audit.entry WHERE sequence = 1')).rejects.toThrow(/append-only/);
    await expect(admin.query('TRUNCATE audit.entry')).rejects.toThrow(/append-only/);
    // A role without the writer grant (the portal records nothing) cannot append.
    const portal = new Client({ connectionString: serviceDatabaseUrl(testDatabaseUrl, 'portal') });
    await portal.connect();
    try {
      await expect(
        portal.query("SELECT audit.append('x', 'year.closed', 's', 'admin', null, null, null, null, '{}', '{}', now())"),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await portal.end();
    }
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: true, rows: 2 });
  });

  it('names an edited row', async () => {
    await appendRows(5);
    await tamper(`UPDATE audit.entry SET details = jsonb_set(details, '{version}', '1') WHERE sequence = 3`);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, sequence: 3, problem: 'edited', message: expect.stringContaining('#3') });
  });

  it('names a deleted row', async () => {
    await appendRows(5);
    await tamper('DELETE FROM audit.entry WHERE sequence = 2');
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, sequence: 2, problem: 'deleted', message: expect.stringContaining('#2') });
  });

  it('names a deleted last row', async () => {
    await appendRows(4);
    await tamper('DELETE FROM audit.entry WHERE sequence = 4');
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, sequence: 4, problem: 'deleted' });
  });

  it('names a row inserted outside audit.append, even one carrying a correct hash', async () => {
    await appendRows(3);
    const [last] = (await storedRows()).slice(-1);
    const forged: HashedAuditRow = {
      ...last,
      sequence: '4',
      actorSubject: 'someone-else',
      previousHash: last.rowHash,
      rowHash: '',
    };
    forged.rowHash = rowHashOf(forged);
    await tamper(
      `INSERT INTO audit.entry SELECT 4, recorded_at, occurred_at, written_by, service, action, 'someone-else', actor_roles,
         on_behalf_of_pemda, pemda_code, year, sub_indicator_code, subject_ids, details, $1, $2 FROM audit.entry WHERE sequence = 3`,
      [forged.previousHash, forged.rowHash],
    );
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, sequence: 4, problem: 'inserted' });
  });

  it('names a row inserted into a lane audit.append never recorded', async () => {
    await appendRows(2);
    await tamper(
      `INSERT INTO audit.entry SELECT 1, recorded_at, occurred_at, written_by, service, action, actor_subject, actor_roles,
         on_behalf_of_pemda, pemda_code, year, sub_indicator_code, subject_ids, details, $1, row_hash, 99 FROM audit.entry WHERE lane = 0 AND sequence = 1`,
      [genesisHashOf(99)],
    );
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, lane: 99, sequence: 1, problem: 'inserted' });
  });

  it('names a lane removed with its head, against the published heads', async () => {
    const held = await holdLanes([0]);
    try {
      await submissions.transaction((tx) => auditTrail.append(tx, uploadByAdmin(1)));
    } finally {
      await held.release();
    }
    await appendRows(2);
    const published = [await head(0), await head(1)];
    await tamper('DELETE FROM audit.entry WHERE lane = 1');
    await tamper('DELETE FROM audit.head WHERE lane = 1');
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: true, rows: 2 });
    expect(await verifyAuditTrail(admin, { published })).toMatchObject({ ok: false, lane: 1, sequence: 1, problem: 'rewritten' });
  });

  it('names a row replaced by one in its place (deleted, then inserted with the same sequence)', async () => {
    await appendRows(4);
    // Parked at 1000 meanwhile: the schema refuses a sequence below 1 even with triggers off.
    await tamper(
      `INSERT INTO audit.entry SELECT 1000, recorded_at, occurred_at, written_by, service, action, actor_subject, actor_roles,
         on_behalf_of_pemda, pemda_code, year, sub_indicator_code, subject_ids, details, previous_hash, row_hash FROM audit.entry WHERE sequence = 2`,
    );
    await tamper('DELETE FROM audit.entry WHERE sequence = 2');
    await tamper('UPDATE audit.entry SET sequence = 2, actor_subject = $1 WHERE sequence = 1000', ['someone-else']);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, sequence: 2, problem: 'edited' });
  });

  it('detects a chain rewritten and re-hashed from the start only against the published head', async () => {
    await appendRows(5);
    const published = await head();
    await rewriteFromSecondRow();
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: true, rows: 5 });
    expect(await verifyAuditTrail(admin, { published: [published] })).toMatchObject({ ok: false, lane: 0, sequence: 5, problem: 'rewritten' });
  });

  it('checks every published head: a forged newer head does not hide a rewrite an older genuine head catches', async () => {
    await appendRows(5);
    const genuine = await head();
    await rewriteFromSecondRow();
    // A row sealed onto the rewritten lane, and its head published: the newest head on the topic is a forged one.
    await appendRows(1);
    const forgedNewer = await head();
    expect(forgedNewer.sequence).toBe(6);
    expect(await verifyAuditTrail(admin, { published: [forgedNewer] })).toMatchObject({ ok: true, rows: 6 });
    expect(await verifyAuditTrail(admin, { published: [genuine, forgedNewer] })).toMatchObject({ ok: false, lane: 0, sequence: 5, problem: 'rewritten' });
  });

  it('names a row numbered below 1, which the schema refuses until a superuser drops its check', async () => {
    await appendRows(3);
    const copyOfFirstAs = (sequence: number): string =>
      `INSERT INTO audit.entry SELECT ${sequence}, recorded_at, occurred_at, written_by, service, action, actor_subject, actor_roles,
         on_behalf_of_pemda, pemda_code, year, sub_indicator_code, subject_ids, details, previous_hash, row_hash FROM audit.entry WHERE sequence = 1`;
    await expect(tamper(copyOfFirstAs(0))).rejects.toThrow(/entry_sequence_positive/);
    await admin.query('ROLLBACK');
    await tamper('ALTER TABLE audit.entry DROP CONSTRAINT entry_sequence_positive');
    await tamper(copyOfFirstAs(0));
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, lane: 0, sequence: 0, problem: 'inserted', message: expect.stringContaining('#0') });
  });

  it('formats the times itself: a replaced audit.utc_text cannot vouch for an edited occurred_at', async () => {
    await appendRows(3);
    const asSealed = (await storedRows())[1];
    // An hour earlier, and a utc_text (the log's owner's function) that writes the old text for the new time.
    await tamper(`UPDATE audit.entry SET occurred_at = occurred_at - interval '1 hour' WHERE sequence = 2`);
    await tamper(`CREATE OR REPLACE FUNCTION audit.utc_text(at timestamptz) RETURNS text
      LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
        SELECT to_char(CASE WHEN at = '2025-03-02 00:02:03.456+00' THEN at + interval '1 hour' ELSE at END AT TIME ZONE 'UTC',
          'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
      $$`);
    // Read through the replaced function, the edited row is the sealed one, and its hash matches.
    expect((await storedRows())[1]).toEqual(asSealed);
    expect(rowHashOf(asSealed)).toBe(asSealed.rowHash);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, lane: 0, sequence: 2, problem: 'edited' });
  });

  it('publishes the heads without holding them: a commit seals into lane 0 while a publication is open', async () => {
    await appendRows(2);
    const reporting = new Client({ connectionString: serviceDatabaseUrl(testDatabaseUrl, 'reporting') });
    await reporting.connect();
    try {
      await reporting.query('BEGIN');
      expect((await reporting.query('SELECT lane, sequence::int FROM audit.lane_heads_to_publish()')).rows).toEqual([{ lane: 0, sequence: 2 }]);
      // Had the publication locked lane 0's head, this commit would seal into lane 1 (with every lane published, wait).
      await submissions.transaction(async (tx) => {
        await tx.query("SET LOCAL lock_timeout = '3s'");
        await auditTrail.append(tx, uploadByAdmin(3));
      });
      expect(await laneSequences()).toEqual([[0, 1], [0, 2], [0, 3]]);
      await reporting.query('COMMIT');
    } finally {
      await reporting.end();
    }
    // Marked published at 2 by the committed publication; the row sealed meanwhile is the next one's.
    expect((await admin.query('SELECT lane, sequence::int FROM audit.lane_heads_to_publish()')).rows).toEqual([{ lane: 0, sequence: 3 }]);
    expect((await admin.query('SELECT lane FROM audit.lane_heads_to_publish()')).rows).toEqual([]);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: true, rows: 3 });
  });
});
