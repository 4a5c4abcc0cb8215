import { createEvent,
  eventSourceOf, EvidenceVerified, Topics, type DeadlineExtendedV1, type EvidenceSubmittedV1, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { databaseSettingsOf, withDataSource } from '@mcp/service-runtime';
import { publishEvents, queryTestDatabase, resetTopics, startEventTap, testToken, waitFor } from '@mcp/testing';
import type { EventTap } from '@mcp/messaging/testing';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EvidenceScans } from '../../services/submissions/src/evidence/evidence-scans';
import { FakeClock, SubmissionsUnderTest } from '../../services/submissions/src/submissions-under-test';
import { holdNextCall } from './held-call';
import { submissionsService } from '../../services/submissions/src/submissions.definition';
import { PendingUploadRecordingStorage, PendingUploads } from '../../services/submissions/src/storage/pending-uploads';
import { OrphanSweeper } from '../../services/submissions/src/sweeper/orphan-sweeper';

/*
 * The submissions service over its life cycle, against the real broker and database: idempotent
 * retries, duplicate files, downloads, claims, decisions and revisions, withdrawals, deadline
 * extensions, the progress page and the orphan sweeper.
 */
const PEMDA = '32.73';
const BEFORE_DEADLINE = '2024-11-20T10:00:00+07:00';
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);

const clock = new FakeClock(new Date(BEFORE_DEADLINE));
const service = new SubmissionsUnderTest(clock);
let tap: EventTap;
let operator: string;
let otherOperator: string;
let admin: string;
let verifierJabar: string;
let verifierPapua: string;
let analyst: string;

beforeAll(async () => {
  await resetTopics();
  await service.start();
  tap = await startEventTap([Topics.evidenceSubmitted, Topics.evidenceWithdrawn, Topics.deadlineExtended]);
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  otherOperator = await testToken({ role: 'pemda-operator', subject: 'operator-cirebon', pemdaCode: '32.74' });
  admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  verifierJabar = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  verifierPapua = await testToken({ role: 'verifier', subject: 'verifier-papua', wilayah: 'V' });
  analyst = await testToken({ role: 'analyst' });
}, 120_000);

afterAll(async () => {
  await tap.stop();
  await service.stop();
});

afterEach(() => clock.set(BEFORE_DEADLINE));

const http = () => request(service.http() as never);

function upload(subIndicatorCode: string, file: Buffer, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const call = http().post('/v1/evidence').set('Authorization', `Bearer ${operator}`);
  for (const [name, value] of Object.entries(headers)) call.set(name, value);
  for (const [name, value] of Object.entries({ pemdaCode: PEMDA, year: '2024', subIndicatorCode, ...fields })) call.field(name, value);
  return call.attach('file', file, { filename: `SK ${subIndicatorCode}.pdf`, contentType: 'application/pdf' });
}

/** The operator's form with its file before its fields, as a client may order them. */
function postFileBeforeFields(path: string, idempotencyKey: string, file: Buffer, fields: Record<string, string>) {
  const call = http().post(path).set('Authorization', `Bearer ${operator}`).set('Idempotency-Key', idempotencyKey);
  call.attach('file', file, { filename: `SK ${fields.subIndicatorCode}.pdf`, contentType: 'application/pdf' });
  for (const [name, value] of Object.entries(fields)) call.field(name, value);
  return call;
}

/** A verifier's decision as verification publishes it, on the real topic. */
async function publishDecision(data: Partial<EvidenceVerifiedV1> & Pick<EvidenceVerifiedV1, 'subIndicatorCode' | 'evidenceIds' | 'outcome' | 'sequence'>) {
  const decision: EvidenceVerifiedV1 = {
    decisionId: randomUUID(),
    taskId: randomUUID(),
    pemdaCode: PEMDA,
    provinceCode: '32',
    year: 2024,
    verifiedValue: null,
    claimedValue: null,
    reason: null,
    decidedBy: 'verifier-jabar',
    decidedAt: new Date().toISOString(),
    ...data,
  };
  const event = createEvent(EvidenceVerified, decision, eventSourceOf(EvidenceVerified));
  await publishEvents(EvidenceVerified, event);
  await waitFor(`decision ${decision.decisionId} to be applied`, async () =>
    (await service.count('SELECT 1 FROM submissions.inbox WHERE event_id = $1', [event.id])) === 1,
  );
}

function history(subIndicatorCode: string, token = operator) {
  return http().get(`/v1/pemda/${PEMDA}/submissions/2024/${subIndicatorCode}`).set('Authorization', `Bearer ${token}`);
}

describe('Idempotency-Key and duplicate files', () => {
  it('returns the first answer to a retry with the same key, and announces the upload once', async () => {
    const key = randomUUID();
    const first = await upload('PRC.1.1', pdf('idempoten'), { claimedValue: '100' }, { 'Idempotency-Key': key });
    const retry = await upload('PRC.1.1', pdf('idempoten'), { claimedValue: '100' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // A retry that carries a different file still gets the first answer: the key names the operation.
    const differentFile = await upload('PRC.1.1', pdf('lain'), {}, { 'Idempotency-Key': key });
    expect(differentFile.body).toEqual(first.body);
    // But not one whose form changed (a claim edited after a lost answer): replaying would drop the new claim unseen (#152).
    const changedClaim = await upload('PRC.1.1', pdf('idempoten'), { claimedValue: '50' }, { 'Idempotency-Key': key });
    expect([changedClaim.status, changedClaim.body.error]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);

    const marker = await upload('PRC.1.2', pdf('penanda'));
    await waitFor('the marker event on Kafka', () =>
      tap.of<EvidenceSubmittedV1>('mcp.evidence.submitted.v1').some((event) => event.data.evidenceId === marker.body.id),
    );
    const announced = tap.of<EvidenceSubmittedV1>('mcp.evidence.submitted.v1').filter((event) => event.data.evidenceId === first.body.id);
    expect(announced).toHaveLength(1);
    expect(announced[0].data.claimedValue).toBe(100);
    expect(await service.count(`SELECT 1 FROM submissions.evidence WHERE sub_indicator_code = 'PRC.1.1'`)).toBe(1);
    expect(await service.count(`SELECT 1 FROM submissions.outbox WHERE event->'data'->>'evidenceId' = $1`, [first.body.id])).toBe(1);
  });

  it('refuses a malformed key (400)', async () => {
    const response = await upload('PRC.1.1', pdf('kunci'), {}, { 'Idempotency-Key': 'kunci dengan spasi' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('INVALID_IDEMPOTENCY_KEY');
  });

  it('documents the key once, as an optional header, in the OpenAPI description', async () => {
    const document = (await http().get('/docs-json')).body;
    const headers = document.paths['/v1/evidence'].post.parameters.filter(
      (parameter: { in: string; name: string }) => parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key',
    );
    expect(headers).toEqual([expect.objectContaining({ name: 'Idempotency-Key', required: false })]);
  });

  it('recognises the same file for the same item (200, the existing evidence) and stores nothing', async () => {
    const objectsBefore = (await service.objectKeys()).length;
    const again = await upload('PRC.1.1', pdf('idempoten'));
    expect(again.status).toBe(200);
    const [first] = await queryTestDatabase<{ id: string }>(`SELECT id FROM submissions.evidence WHERE sub_indicator_code = 'PRC.1.1'`);
    expect(again.body).toMatchObject({ id: first.id, version: 1, status: 'submitted' });
    expect((await service.objectKeys()).length).toBe(objectsBefore);
    expect(await service.count(`SELECT 1 FROM submissions.outbox WHERE topic = $1`, [Topics.evidenceSubmitted])).toBe(2);
  });

  it("takes the same file with the claim it was first sent with, after another file moved the claim, as a new version (#143)", async () => {
    expect((await upload('ANG.2.1', pdf('ANG.2.1 berkas A'), { claimedValue: '50' })).status).toBe(201);
    expect((await upload('ANG.2.1', pdf('ANG.2.1 berkas B'), { claimedValue: '100' })).status).toBe(201);
    // File A again with 50: the claim in force is 100 (file B's), so this changes it, as the 409 of a claim change alone advises.
    const again = await upload('ANG.2.1', pdf('ANG.2.1 berkas A'), { claimedValue: '50' });
    expect([again.status, again.body.version, again.body.claimedValue]).toEqual([201, 3, 50]);
    // Sent once more as it is now in force, it is the duplicate.
    expect((await upload('ANG.2.1', pdf('ANG.2.1 berkas A'), { claimedValue: '50' })).status).toBe(200);
  });

  it('answers a retry with its first answer even when the upload would now be refused, fields before or after the file', async () => {
    const key = randomUUID();
    const first = await upload('PRC.1.3', pdf('sebelum batas'), {}, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    clock.set('2024-12-03T09:00:00+07:00'); // past the deadline: a new upload is refused
    expect((await upload('PRC.2.1', pdf('terlambat'))).status).toBe(422);
    const objectsBefore = (await service.objectKeys()).length;

    const retry = await upload('PRC.1.3', pdf('sebelum batas'), {}, { 'Idempotency-Key': key });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    // A client that sends the file first is answered only after it was stored, and the copy is removed.
    const fileFirst = await postFileBeforeFields('/v1/evidence', key, pdf('sebelum batas'), { pemdaCode: PEMDA, year: '2024', subIndicatorCode: 'PRC.1.3' });
    expect(fileFirst.status).toBe(201);
    expect(fileFirst.body).toEqual(first.body);
    expect(fileFirst.headers['idempotent-replayed']).toBe('true');
    expect((await service.objectKeys()).length).toBe(objectsBefore);
  });

  it('reads a key in the statement that reads the destination, not in one of its own (issue 16)', async () => {
    const dataSource = service.get(DataSource);
    const statements: string[] = [];
    const logQuery = dataSource.logger.logQuery.bind(dataSource.logger);
    const spy = jest.spyOn(dataSource.logger, 'logQuery').mockImplementation((query, parameters, runner) => {
      statements.push(query);
      logQuery(query, parameters, runner);
    });
    try {
      const key = randomUUID();
      expect((await upload('PRC.2.2', pdf('satu pernyataan'), {}, { 'Idempotency-Key': key })).status).toBe(201);
      expect((await upload('PRC.2.2', pdf('satu pernyataan'), {}, { 'Idempotency-Key': key })).headers['idempotent-replayed']).toBe('true');
    } finally {
      spy.mockRestore();
    }
    const keyReads = statements.filter((query) => /^\s*SELECT/i.test(query) && query.includes('idempotency_record'));
    expect(keyReads).toHaveLength(2);
    for (const query of keyReads) expect(query).toContain('deadline_extension');
  });

  it('answers two concurrent uploads with one key once: one version, the other replayed', async () => {
    const key = randomUUID();
    const answers = await Promise.all([
      upload('PRC.3.1', pdf('serentak-a'), {}, { 'Idempotency-Key': key }),
      upload('PRC.3.1', pdf('serentak-b'), {}, { 'Idempotency-Key': key }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers[1].body).toEqual(answers[0].body);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    expect(await service.count(`SELECT 1 FROM submissions.evidence WHERE sub_indicator_code = 'PRC.3.1'`)).toBe(1);
    expect(await service.count(`SELECT 1 FROM submissions.idempotency_record WHERE key = $1`, [key])).toBe(1);
  });
});

describe('download', () => {
  let evidenceId: string;
  const content = pdf('SK Wali Kota Bandung tentang Standar Satuan Harga');

  beforeAll(async () => {
    evidenceId = (await upload('PRC.1.3', content)).body.id;
  });

  it('streams the file with a safe Content-Disposition and its SHA-256 to the owning Pemda', async () => {
    const response = await http()
      .get(`/v1/evidence/${evidenceId}/download`)
      .set('Authorization', `Bearer ${operator}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect((response.body as Buffer).equals(content)).toBe(true);
    const sha256 = createHash('sha256').update(content).digest();
    expect(response.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(content.length),
      'content-disposition': 'attachment; filename="SK PRC.1.3.pdf"',
      'repr-digest': `sha-256=:${sha256.toString('base64')}:`,
      'x-content-sha256': sha256.toString('hex'),
      'x-content-type-options': 'nosniff',
    });
  });

  it.each([
    ['a verifier of the Pemda\'s wilayah', () => verifierJabar, 200],
    ['an admin', () => admin, 200],
    ['a verifier of another wilayah', () => verifierPapua, 403],
    ['an analyst', () => analyst, 403],
    ['another Pemda', () => otherOperator, 403],
  ])('answers %s with %s', async (_who, token, status) => {
    const response = await http().get(`/v1/evidence/${evidenceId}/download`).set('Authorization', `Bearer ${token()}`);
    expect(response.status).toBe(status);
    if (status === 403) {
      expect(response.body.message).toBe(
        'Anda tidak berwenang melihat dokumen Pemda 32.73 (only the Pemda, verifiers and QA of its wilayah, and admins)',
      );
    }
  });

  it('answers 410 when the stored file has gone missing behind the service', async () => {
    const uploaded = await upload('PRC.2.1', pdf('akan hilang'));
    const [row] = await queryTestDatabase<{ storage_key: string }>('SELECT storage_key FROM submissions.evidence WHERE id = $1', [uploaded.body.id]);
    await service.storage.remove(row.storage_key);
    const response = await http().get(`/v1/evidence/${uploaded.body.id}/download`).set('Authorization', `Bearer ${operator}`);
    expect(response.status).toBe(410);
    expect(response.body).toMatchObject({
      error: 'EVIDENCE_FILE_MISSING',
      message: `Berkas dokumen ${uploaded.body.id} tidak ada di penyimpanan; hubungi admin MCP (the stored file is missing)`,
    });
    // Withdrawn so that later counts in this file (progress, sweeper) are not disturbed.
    await http().post(`/v1/evidence/${uploaded.body.id}/withdrawal`).set('Authorization', `Bearer ${operator}`).send({});
  });

  it('answers 404 for unknown evidence', async () => {
    const response = await http().get(`/v1/evidence/${randomUUID()}/download`).set('Authorization', `Bearer ${operator}`);
    expect(response.status).toBe(404);
  });
});

describe('claims, decisions and revisions', () => {
  let firstId: string;

  it('changes the claim alone only while no evidence awaits a decision (#143)', async () => {
    firstId = (await upload('ANG.1.1', pdf('anggaran v1'), { claimedValue: '100' })).body.id;
    // Verification would judge the claim the upload carried, not this one: it changes with an upload.
    const underVerification = await http()
      .put(`/v1/pemda/${PEMDA}/submissions/2024/ANG.1.1/claim`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ claimedValue: 50, reason: 'Implementasi baru sebagian' });
    expect([underVerification.status, underVerification.body.error]).toEqual([409, 'CLAIM_UNDER_VERIFICATION']);
    const offRubric = await http()
      .put(`/v1/pemda/${PEMDA}/submissions/2024/ANG.1.1/claim`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ claimedValue: 70 });
    expect(offRubric.status).toBe(422);
    expect(offRubric.body.message).toBe('Nilai klaim 70 bukan salah satu langkah rubrik 0/50/100 (claimed value must be a rubric step)');
    const notMine = await http()
      .put(`/v1/pemda/${PEMDA}/submissions/2024/ANG.1.1/claim`)
      .set('Authorization', `Bearer ${otherOperator}`)
      .send({ claimedValue: 0 });
    expect(notMine.status).toBe(403);
  });

  it('shows a revision request with its reason; the new version joins; every step stays in the history', async () => {
    await publishDecision({ subIndicatorCode: 'ANG.1.1', evidenceIds: [firstId], outcome: 'revision_requested', sequence: 1, reason: 'Lampiran tidak ditandatangani' });
    const requested = await waitFor('the revision request to show', async () => {
      const response = await history('ANG.1.1');
      return response.body.item?.status === 'revision_requested' ? response.body : undefined;
    });
    expect(requested.item.decisionReason).toBe('Lampiran tidak ditandatangani');
    expect(requested.versions[0]).toMatchObject({ id: firstId, status: 'revision_requested', statusReason: 'Lampiran tidak ditandatangani' });

    // Nothing awaits a decision now: the claim changes, and the next upload carries it.
    const changed = await http()
      .put(`/v1/pemda/${PEMDA}/submissions/2024/ANG.1.1/claim`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ claimedValue: 50, reason: 'Implementasi baru sebagian' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ subIndicatorCode: 'ANG.1.1', status: 'revision_requested', claimedValue: 50 });

    // The same file as version 1, with no claim field: the claim changed since it was sent, so it is a
    // new version carrying the claim in force, not a duplicate that would announce nothing (#143).
    const second = await upload('ANG.1.1', pdf('anggaran v1'), { note: 'Lampiran sudah ditandatangani' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, claimedValue: 50, status: 'submitted', note: 'Lampiran sudah ditandatangani' });
    const event = await waitFor('the second version on Kafka', () =>
      tap.of<EvidenceSubmittedV1>('mcp.evidence.submitted.v1').find((item) => item.data.evidenceId === second.body.id),
    );
    expect(event.data.claimedValue).toBe(50);

    await publishDecision({
      subIndicatorCode: 'ANG.1.1',
      evidenceIds: [firstId, second.body.id],
      outcome: 'approved',
      verifiedValue: 50,
      claimedValue: 50,
      sequence: 2,
    });
    const approved = await waitFor('the approval to show', async () => {
      const response = await history('ANG.1.1');
      return response.body.item?.status === 'approved' ? response.body : undefined;
    });
    expect(approved.item).toMatchObject({ claimedValue: 50, verifiedValue: 50 });
    expect(approved.versions.map((version: { version: number; status: string }) => [version.version, version.status])).toEqual([
      [1, 'approved'],
      [2, 'approved'],
    ]);
    expect(approved.history.map((entry: { kind: string; reason: string | null }) => [entry.kind, entry.reason])).toEqual([
      ['claim_changed', null],
      ['uploaded', null],
      ['decided', 'Lampiran tidak ditandatangani'],
      ['claim_changed', 'Implementasi baru sebagian'],
      ['uploaded', 'Lampiran sudah ditandatangani'],
      ['decided', null],
    ]);

    const locked = await http()
      .put(`/v1/pemda/${PEMDA}/submissions/2024/ANG.1.1/claim`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ claimedValue: 100 });
    expect(locked.status).toBe(409);
    expect(locked.body.message).toBe('Nilai klaim ANG.1.1 tidak dapat diubah: sudah diverifikasi (approved) (the claim is locked once verified)');
  });

  it('ignores a decision older than the one in force', async () => {
    await publishDecision({ subIndicatorCode: 'ANG.1.1', evidenceIds: [firstId], outcome: 'rejected', sequence: 1, reason: 'terlambat tiba' });
    const response = await history('ANG.1.1');
    expect(response.body.item).toMatchObject({ status: 'approved', verifiedValue: 50 });
    expect(response.body.versions[0].status).toBe('approved');
    expect(response.body.history.filter((entry: { kind: string }) => entry.kind === 'decided')).toHaveLength(2);
  });
});

describe('withdrawal', () => {
  it('withdraws undecided evidence, announces it, and refuses twice or for decided evidence', async () => {
    const uploaded = await upload('PBJ.1.1', pdf('salah unggah'));
    const withdrawn = await http()
      .post(`/v1/evidence/${uploaded.body.id}/withdrawal`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ reason: 'Salah sub-indikator' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', statusReason: 'Salah sub-indikator' });
    await waitFor('the withdrawal on Kafka', () =>
      tap.events.some((event) => event.type === 'mcp.evidence.withdrawn.v1' && (event.data as { evidenceId: string }).evidenceId === uploaded.body.id),
    );
    const again = await http().post(`/v1/evidence/${uploaded.body.id}/withdrawal`).set('Authorization', `Bearer ${operator}`).send({});
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('EVIDENCE_NOT_WITHDRAWABLE');
    const [decided] = await queryTestDatabase<{ id: string }>(`SELECT id FROM submissions.evidence WHERE sub_indicator_code = 'ANG.1.1' AND version = 1`);
    const decidedResponse = await http().post(`/v1/evidence/${decided.id}/withdrawal`).set('Authorization', `Bearer ${operator}`).send({});
    expect(decidedResponse.status).toBe(409);
    expect(decidedResponse.body.message).toMatch(/^Dokumen versi 1 berstatus approved dan tidak dapat ditarik/);
    const notMine = await http().post(`/v1/evidence/${decided.id}/withdrawal`).set('Authorization', `Bearer ${otherOperator}`).send({});
    expect(notMine.status).toBe(403);
    // Withdrawn evidence no longer counts: the item is empty again, but its history keeps it.
    const item = await history('PBJ.1.1');
    expect(item.body.item.status).toBe('empty');
    expect(item.body.history.map((entry: { kind: string }) => entry.kind)).toEqual(['uploaded', 'withdrawn']);
  });
});

describe('deadline extensions', () => {
  const grant = (body: object, token = admin) =>
    http().post(`/v1/pemda/${PEMDA}/deadline-extensions`).set('Authorization', `Bearer ${token}`).send(body);

  it('lets an admin extend one Pemda, records it, and the deadline moves for that Pemda only', async () => {
    clock.set('2024-12-03T09:00:00+07:00');
    expect((await upload('PBJ.1.2', pdf('terlambat'))).status).toBe(422);
    expect((await grant({ year: 2024, until: '2024-12-07T23:59:59+07:00', reason: 'Jaringan terputus' }, operator)).status).toBe(403);
    const tooEarly = await grant({ year: 2024, until: '2024-11-29T23:59:59+07:00', reason: 'Salah tanggal' });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body.message).toBe(
      'Perpanjangan harus setelah batas umum 30 November 2024 pukul 23.59 WIB (an extension must end after the general deadline)',
    );
    // After the general deadline but already past: the Pemda would be told "extended" and stay locked out.
    const past = await grant({ year: 2024, until: '2024-12-02T23:59:59+07:00', reason: 'Salah bulan' });
    expect([past.status, past.body.error, past.body.message]).toEqual([
      422,
      'EXTENSION_IN_THE_PAST',
      'Perpanjangan harus berakhir setelah saat ini; 2 Desember 2024 pukul 23.59 WIB sudah lewat (an extension must end in the future)',
    ]);
    const granted = await grant({ year: 2024, until: '2024-12-07T23:59:59+07:00', reason: 'Jaringan kantor Inspektorat terputus' });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      pemdaCode: PEMDA,
      year: 2024,
      until: '2024-12-07T16:59:59.000Z',
      untilLocal: '7 Desember 2024 pukul 23.59 WIB',
      reason: 'Jaringan kantor Inspektorat terputus',
      grantedBy: 'admin-kpk',
      grantedAt: '2024-12-03T02:00:00.000Z',
    });
    expect((await upload('PBJ.1.2', pdf('dalam perpanjangan'))).status).toBe(201);
    const cirebon = await http()
      .post('/v1/evidence')
      .set('Authorization', `Bearer ${otherOperator}`)
      .field('pemdaCode', '32.74')
      .field('year', '2024')
      .field('subIndicatorCode', 'PBJ.1.2')
      .attach('file', pdf('cirebon'), 'sk.pdf');
    expect(cirebon.status).toBe(422);
    const listed = await http().get(`/v1/pemda/${PEMDA}/deadline-extensions?year=2024`).set('Authorization', `Bearer ${operator}`);
    expect(listed.body).toHaveLength(1);
    // The audited Pemda learns that KPK granted it, not which person (docs/decisions.md #46); KPK sees who.
    expect(listed.body[0].grantedBy).toBe('Admin KPK');
    const listedToKpk = await http().get(`/v1/pemda/${PEMDA}/deadline-extensions?year=2024`).set('Authorization', `Bearer ${admin}`);
    expect(listedToKpk.body.map((extension: { grantedBy: string }) => extension.grantedBy)).toEqual(['admin-kpk']);
    // Announced through the outbox, so the notification service moves the Pemda's reminders.
    const announced = await waitFor('the extension on Kafka', () =>
      tap.of<DeadlineExtendedV1>(Topics.deadlineExtended).find((event) => event.data.extensionId === listed.body[0].id),
    );
    expect(announced.data).toMatchObject({
      pemdaCode: PEMDA,
      year: 2024,
      generalDeadline: '2024-11-30T16:59:59.000Z',
      until: '2024-12-07T16:59:59.000Z',
      reason: 'Jaringan kantor Inspektorat terputus',
      grantedBy: 'admin-kpk',
    });

    clock.set('2024-12-08T00:00:01+07:00');
    const late = await upload('PBJ.1.2', pdf('lewat perpanjangan'));
    expect(late.status).toBe(422);
    expect(late.body.message).toBe(
      'Unggahan ditolak: perpanjangan batas waktu unggah MCP 2024 untuk Pemda 32.73 telah lewat pada 7 Desember 2024 pukul 23.59 WIB. ' +
        'Hubungi admin MCP untuk perpanjangan (upload deadline passed: 2024-12-07T16:59:59.000Z)',
    );
  });
});

describe('progress page', () => {
  it('lists every sub-indicator of the framework with status, files, claimed and verified values', async () => {
    const response = await http().get(`/v1/pemda/${PEMDA}/progress?year=2024`).set('Authorization', `Bearer ${operator}`);
    expect(response.status).toBe(200);
    const [framework] = await queryTestDatabase<{ count: string }>(
      `SELECT count(*) FROM submissions.framework f, jsonb_array_elements(f.document->'areas') a,
              jsonb_array_elements(a->'indicators') i, jsonb_array_elements(i->'subIndicators') s WHERE f.year = 2024`,
    );
    expect(response.body.items).toHaveLength(Number(framework.count));
    const byCode = Object.fromEntries(response.body.items.map((item: { subIndicatorCode: string }) => [item.subIndicatorCode, item]));
    expect(byCode['ANG.1.1']).toMatchObject({ status: 'approved', claimedValue: 50, verifiedValue: 50 });
    expect(byCode['ANG.1.1'].files).toHaveLength(2);
    expect(byCode['PRC.1.1']).toMatchObject({ status: 'submitted', claimedValue: 100, verifiedValue: null });
    expect(byCode['PBJ.1.1']).toMatchObject({ status: 'empty', files: [] });
    expect(response.body.deadline).toMatchObject({ effectiveLocal: '7 Desember 2024 pukul 23.59 WIB', extended: true, open: true });
    expect(response.body.counts.approved).toBe(1);

    const forbidden = await http().get(`/v1/pemda/${PEMDA}/progress?year=2024`).set('Authorization', `Bearer ${otherOperator}`);
    expect(forbidden.status).toBe(403);
    const unknown = await http().get('/v1/pemda/99.99/progress?year=2024').set('Authorization', `Bearer ${admin}`);
    expect(unknown.status).toBe(404);
  });
});

describe('orphan sweeper (docs/decisions.md #62)', () => {
  it('removes an abandoned upload once older than the grace period, and keeps an object whose row is gone (a restore from backup)', async () => {
    const sweep = (now: Date) =>
      withDataSource(databaseSettingsOf(service.config, submissionsService), (dataSource) =>
        new OrphanSweeper(dataSource, service.storage, service.config.ORPHAN_GRACE_MINUTES).sweep(now),
      );
    const objectsBefore = await service.objectKeys();
    // Abandoned: written the way the service writes (pending record first), then the process died
    // before the evidence row committed.
    const abandoned = `evidence/${randomUUID()}`;
    await withDataSource(databaseSettingsOf(service.config, submissionsService), (dataSource) =>
      new PendingUploadRecordingStorage(service.storage, new PendingUploads(dataSource)).write(abandoned, Readable.from([pdf('ditinggal')]), 'application/pdf'),
    );
    // Committed evidence whose row a restore from an older backup lost: stored, no row, no pending record.
    const rowLost = `evidence/${randomUUID()}`;
    await service.storage.write(rowLost, Readable.from([pdf('bukti lama')]), 'application/pdf');
    const pendingKeys = async () =>
      (await queryTestDatabase<{ storage_key: string }>('SELECT storage_key FROM submissions.pending_upload')).map((row) => row.storage_key);
    expect(await pendingKeys()).toContain(abandoned);
    // Every upload this file made through the service committed: none of them is still pending.
    expect((await pendingKeys()).filter((key) => objectsBefore.includes(key))).toEqual([]);

    expect((await sweep(new Date())).removedObjects).toEqual([]);
    const later = await sweep(new Date(Date.now() + (service.config.ORPHAN_GRACE_MINUTES + 1) * 60_000));
    expect(later.removedObjects).toEqual([abandoned]);
    expect(later.unaccountedObjects).toEqual([rowLost]);
    expect(await service.objectKeys()).toEqual([...objectsBefore, rowLost].sort());
    expect(await pendingKeys()).not.toContain(abandoned);
  });
});

describe('Idempotency-Key of a clarification attachment', () => {
  it('stores a clarification attachment retried with the same key once, and answers the retry with the first answer', async () => {
    const key = randomUUID();
    const attach = (content: string, subIndicatorCode = 'YAN.1.1') =>
      http()
        .post('/v1/clarification-attachments')
        .set('Authorization', `Bearer ${operator}`)
        .set('Idempotency-Key', key)
        .field('pemdaCode', PEMDA)
        .field('year', '2024')
        .field('subIndicatorCode', subIndicatorCode)
        .attach('file', pdf(content), { filename: 'lampiran.pdf', contentType: 'application/pdf' });
    const attachments = () => service.count(`SELECT 1 FROM submissions.clarification_attachment WHERE uploaded_by = 'operator-bandung'`);
    const before = await attachments();
    const first = await attach('lampiran idempoten');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The answer was lost: the client sends the same request again, and then, by mistake, another file with the key.
    for (const retry of [await attach('lampiran idempoten'), await attach('berkas lain')]) {
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
    }
    // A retry whose fields come after its file is looked up once the file has arrived: answered as the
    // first, its file neither scanned nor recorded (a recording would only find the key taken).
    const scans = jest.spyOn(service.get(EvidenceScans), 'requireCleanUpload');
    const fieldsLast = await postFileBeforeFields('/v1/clarification-attachments', key, pdf('lampiran idempoten'), { pemdaCode: PEMDA, year: '2024.0', subIndicatorCode: 'YAN.1.1' });
    expect([fieldsLast.status, fieldsLast.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(fieldsLast.body).toEqual(first.body);
    expect(scans).not.toHaveBeenCalled();
    scans.mockRestore();
    // Not for another item: that is another request, refused rather than answered as the first.
    const otherItem = await attach('lampiran idempoten', 'YAN.1.2');
    expect([otherItem.status, otherItem.body.error]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await attachments()).toBe(before + 1);
    // Nor does the key answer an evidence upload (an item no other test here uploads to): the routes keep their keys apart.
    const evidence = await upload('YAN.1.1', pdf('bukan lampiran'), {}, { 'Idempotency-Key': key });
    expect(evidence.status).toBe(201);
    expect(evidence.headers['idempotent-replayed']).toBeUndefined();
    expect(evidence.body).not.toHaveProperty('id', first.body.id);
  });
});

describe('Idempotency-Key raced by uploads for two items', () => {
  it('refuses the upload that loses the race for another item rather than answering it with the winner (#220)', async () => {
    const key = randomUUID();
    // The first upload finds no answer for its key and is then held in its (real) scan ...
    const scan = holdNextCall(service.get(EvidenceScans), 'requireCleanUpload');
    try {
      const firstAnswer = upload('YAN.2.1', pdf('balapan a'), {}, { 'Idempotency-Key': key }).then((response) => response);
      await scan.started;
      // ... while an upload for another item under the same key (a client's mistake) commits it.
      const winner = await upload('YAN.2.2', pdf('balapan b'), {}, { 'Idempotency-Key': key });
      expect(winner.status).toBe(201);
      scan.release();
      const loser = await firstAnswer;
      expect([loser.status, loser.body.error]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    } finally {
      scan.restore();
    }
    expect(await service.count(`SELECT 1 FROM submissions.evidence WHERE sub_indicator_code = 'YAN.2.1'`)).toBe(0);
  });
});
