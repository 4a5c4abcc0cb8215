import 'reflect-metadata';
import {
  auditTrail,
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
 * a linear hash chain under concurrency, append-only enforced by Postgres, and `verify` naming the
 * first bad row after a superuser edits, deletes, inserts or rewrites rows.
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
  return (await admin.query<HashedAuditRow>(`SELECT ${hashedColumns} FROM audit.entry ORDER BY entry.sequence`)).rows;
}

async function head(): Promise<PublishedHead> {
  const { rows } = await admin.query<{ sequence: string; row_hash: string }>('SELECT sequence::text, row_hash FROM audit.head');
  return { sequence: Number(rows[0].sequence), rowHash: rows[0].row_hash };
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
    expect(await verifyAuditTrail(admin)).toEqual({ ok: true, rows: 3, head: await head() });
  });

  it('keeps one linear chain when transactions append at once, and a rolled-back change leaves no row', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => submissions.transaction((tx) => auditTrail.append(tx, uploadByAdmin(i + 1)))));
    await expect(
      submissions.transaction(async (tx) => {
        await auditTrail.append(tx, uploadByAdmin(99));
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const rows = await storedRows();
    expect(rows.map((row) => Number(row.sequence))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Read in batches of five: the chain links across batch boundaries.
    expect(await verifyAuditTrail(admin, { batchSize: 5 })).toMatchObject({ ok: true, rows: 12 });
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
    // A role without the writer grant (reporting publishes the head) cannot append.
    const reporting = new Client({ connectionString: serviceDatabaseUrl(testDatabaseUrl, 'reporting') });
    await reporting.connect();
    try {
      await expect(
        reporting.query("SELECT audit.append('x', 'year.closed', 's', 'admin', null, null, null, null, '{}', '{}', now())"),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await reporting.end();
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

  it('names a row replaced by one in its place (deleted, then inserted with the same sequence)', async () => {
    await appendRows(4);
    await tamper(
      `INSERT INTO audit.entry SELECT 0, recorded_at, occurred_at, written_by, service, action, actor_subject, actor_roles,
         on_behalf_of_pemda, pemda_code, year, sub_indicator_code, subject_ids, details, previous_hash, row_hash FROM audit.entry WHERE sequence = 2`,
    );
    await tamper('DELETE FROM audit.entry WHERE sequence = 2');
    await tamper('UPDATE audit.entry SET sequence = 2, actor_subject = $1 WHERE sequence = 0', ['someone-else']);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: false, sequence: 2, problem: 'edited' });
  });

  it('detects a chain rewritten and re-hashed from the start only against the published head', async () => {
    await appendRows(5);
    const published = await head();
    await tamper(`UPDATE audit.entry SET actor_subject = 'someone-else' WHERE sequence = 2`);
    let previousHash = (await storedRows())[0].rowHash;
    for (const row of (await storedRows()).slice(1)) {
      const rowHash = rowHashOf({ ...row, previousHash });
      await tamper('UPDATE audit.entry SET previous_hash = $1, row_hash = $2 WHERE sequence = $3', [previousHash, rowHash, row.sequence]);
      previousHash = rowHash;
    }
    await tamper('UPDATE audit.head SET row_hash = $1', [previousHash]);
    expect(await verifyAuditTrail(admin)).toMatchObject({ ok: true, rows: 5 });
    expect(await verifyAuditTrail(admin, { published })).toMatchObject({ ok: false, sequence: 5, problem: 'rewritten' });
  });
});
