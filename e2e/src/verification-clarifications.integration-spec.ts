import 'reflect-metadata';
import { TokenIssuer } from '@mcp/auth';
import { YearClosed, type McpEvent } from '@mcp/contracts';
import { createServiceApp, loadConfig, migrateService } from '@mcp/service-runtime';
import { documentedAnswerProblems, dropSchemas, queryTestDatabase, serviceTestEnv, testDatabaseUrl, waitFor } from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { NotificationConfig } from '../../services/notification/src/notification-config';
import { TestMailServer } from '../../services/notification/src/notification-test-receivers';
import { notificationService } from '../../services/notification/src/notification.definition';
import { FakeClock, SubmissionsUnderTest } from '../../services/submissions/src/submissions-under-test';
import { VerificationHarness } from './verification-harness';

/*
 * Issue 15, done-when 2: one clarification round over real Kafka and Postgres. A verifier holding
 * the task for PRC.1.1 of Kota Bandung (32.73, Wilayah III) asks with the clock paused; the Pemda's
 * operator is told (notification, from verification's event), uploads an attachment through
 * submissions' upload checks and answers; the verifier is told, reads both messages, downloads the
 * attachment and decides; the manager view shows the paused time and leaves it out of the time to
 * decision. Verification runs on a ManualClock from 08.00 WIB on 2 December 2024:
 *
 *   08.00 upload      08.05 claim      08.10 question (clock stops)      09.40 answer (clock runs: 5400 s paused)
 *   10.05 a last question (clock stops)      10.10 decision (ends the pause: 5700 s paused in all)
 *   upload to decision 7800 s, of which 5700 s paused: 2100 s in the manager view
 */
const harness = new VerificationHarness({ env: { CLAIM_LEASE_MINUTES: '240' }, startAt: '2024-12-02T01:00:00Z', withScoring: false });
const submissions = new SubmissionsUnderTest(new FakeClock(new Date('2024-12-02T01:00:00Z')));
const mail = new TestMailServer();
const issuer = TokenIssuer.forDevelopment();
let notification: INestApplication;
const tokens: Record<string, string> = {};
let taskId: string;
let attachmentId: string;

const PEOPLE = {
  ana: { role: 'verifier', wilayah: 'III', email: 'ana@kpk.go.id' },
  'operator-bandung': { role: 'pemda-operator', pemdaCode: '32.73', email: 'mcp@bandung.go.id' },
  'operator-bogor': { role: 'pemda-operator', pemdaCode: '32.01', email: 'mcp@bogorkab.go.id' },
  'operator-bogor-baru': { role: 'pemda-operator', pemdaCode: '32.01', email: 'baru@bogorkab.go.id' },
  'admin-bogor': { role: 'pemda-admin', pemdaCode: '32.01', email: 'admin@bogorkab.go.id' },
  'admin-kpk': { role: 'admin', email: 'admin@kpk.go.id' },
} as const;

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const wib = (local: string) => new Date(`${local}+07:00`).toISOString();
const verification = {
  get: (path: string, who: string) => harness.http().get(path).set('Authorization', `Bearer ${tokens[who]}`),
  post: (path: string, who: string, body: object = {}) => harness.http().post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
};
const submissionsHttp = () => request(submissions.http() as never);
const attach = (who: string, file: Buffer, fileName: string, pemdaCode = '32.73', subIndicatorCode = 'PRC.1.1') =>
  submissionsHttp()
    .post('/v1/clarification-attachments')
    .set('Authorization', `Bearer ${tokens[who]}`)
    .field('pemdaCode', pemdaCode)
    .field('year', '2024')
    .field('subIndicatorCode', subIndicatorCode)
    .attach('file', file, { filename: fileName, contentType: 'application/pdf' });

async function inbox(who: string): Promise<{ kind: string; title: string; body: string }[]> {
  const response = await request(notification.getHttpServer()).get('/v1/inbox?limit=100').set('Authorization', `Bearer ${tokens[who]}`).expect(200);
  return response.body.items;
}

const knownAttachmentItem = (id: string) =>
  queryTestDatabase('SELECT pemda_code, year, sub_indicator_code FROM verification.clarification_attachment_item WHERE attachment_id = $1', [id]);

const outboxOf = (topic: string) =>
  queryTestDatabase<{ event: McpEvent<Record<string, unknown>> }>('SELECT event FROM verification.outbox WHERE topic = $1 ORDER BY seq', [topic]);

beforeAll(async () => {
  await harness.start();
  await submissions.start({ resetTopics: false });
  const smtpUrl = await mail.start();
  await dropSchemas(['notification']);
  const config = loadConfig(NotificationConfig, serviceTestEnv({ SMTP_URL: smtpUrl, DELIVERY_POLL_INTERVAL_MS: '100', REMINDER_INTERVAL_MS: '0', DEAD_LETTER_CHECK_INTERVAL_MS: '0' }));
  // As the service migrates itself: its copy of the Pemda and frameworks seeded, which notices name.
  await migrateService(notificationService, config);
  notification = await createServiceApp(notificationService, config);
  await notification.listen(0, '127.0.0.1');
  for (const [subject, person] of Object.entries(PEOPLE)) {
    tokens[subject] = await issuer.issue({
      subject,
      roles: [person.role],
      ...('wilayah' in person ? { wilayah: person.wilayah } : {}),
      ...('pemdaCode' in person ? { pemdaCode: person.pemdaCode } : {}),
    });
  }
  tokens.budi = await harness.token('budi', ['verifier'], 'III');
  tokens.fajar = await harness.token('fajar', ['verifier'], 'IV');
  tokens.eka = await harness.token('eka', ['qa'], 'III');
  for (const [subject, person] of Object.entries(PEOPLE)) {
    await request(notification.getHttpServer()).put(`/v1/recipients/${subject}`).set('Authorization', `Bearer ${tokens['admin-kpk']}`).send(person).expect(200);
  }

  await harness.upload({ pemdaCode: '32.73', submittedAt: wib('2024-12-02T08:00') });
  harness.clock.set(wib('2024-12-02T08:05'));
  const claimed = await verification.post('/v1/tasks/claim', 'ana');
  expect(claimed.body).toMatchObject({ pemdaCode: '32.73', claimedBy: 'ana' });
  taskId = claimed.body.id;
}, 180_000);

afterAll(async () => {
  await notification?.close();
  await submissions.stop();
  await harness.stop();
  await mail.stop();
});

it('tells the Pemda of a verifier’s question, which stops the task’s clock', async () => {
  harness.clock.set(wib('2024-12-02T08:10'));
  const asked = await verification.post(`/v1/tasks/${taskId}/clarifications`, 'ana', {
    body: 'Apakah SK ini sudah ditandatangani wali kota? Halaman pengesahan tidak terlihat.',
    pausesClock: true,
  });
  expect(asked.status).toBe(201);
  expect(asked.body).toMatchObject({ authorSide: 'verifier', author: 'ana', pausesClock: true, attachment: null, postedAt: '2024-12-02T01:10:00.000Z' });

  const [posted] = await outboxOf('mcp.clarification.message-posted.v1');
  expect(posted.event.data).toMatchObject({ taskId, pemdaCode: '32.73', wilayah: 'III', authorSide: 'verifier', author: 'ana', verifier: 'ana', pausesClock: true, clockResumed: false });

  const notice = await waitFor('the Pemda to be told', async () => (await inbox('operator-bandung')).find((item) => item.kind === 'clarification.question'));
  expect(notice.title).toBe('Pertanyaan verifikator: PRC.1.1 (Kota Bandung, 32.73)');
  expect(notice.body).toContain('Verifikator KPK mengirim pesan klarifikasi');
  expect(notice.body).toContain('menunggu jawaban Anda');
  expect(notice.body).toContain(taskId);
  // The audited Pemda learns that KPK asked, never which person (docs/decisions.md #46).
  expect(notice.body).not.toMatch(/\bana\b/);
  await waitFor('the Pemda’s e-mail', () => mail.to('mcp@bandung.go.id').some((message) => message.subject === 'Pertanyaan verifikator: PRC.1.1 (Kota Bandung, 32.73)'));
  expect((await inbox('operator-bogor')).map((item) => item.kind)).not.toContain('clarification.question');
  expect((await inbox('ana')).map((item) => item.kind)).not.toContain('clarification.question');

  // The Pemda's own page lists the question that waits for it; another Pemda is refused.
  const threads = await verification.get('/v1/pemda/32.73/clarifications?year=2024', 'operator-bandung');
  expect(threads.status).toBe(200);
  expect(threads.body).toEqual([
    {
      taskId, year: 2024, subIndicatorCode: 'PRC.1.1', taskStatus: 'claimed', messageCount: 1, lastPostedAt: '2024-12-02T01:10:00.000Z',
      lastAuthorSide: 'verifier', waitingForPemda: true, clockPaused: true, readOnly: false,
    },
  ]);
  expect(documentedAnswerProblems('verification', 'get', '/v1/pemda/{pemdaCode}/clarifications', 200, threads.body)).toEqual([]);
  expect((await verification.get('/v1/pemda/32.73/clarifications', 'operator-bogor')).status).toBe(403);
  expect((await verification.get('/v1/pemda/32.73/clarifications?year=2025', 'operator-bandung')).body).toEqual([]);
});

it('shows managers the task waiting for the Pemda, its paused time not counted as age', async () => {
  harness.clock.set(wib('2024-12-02T09:10'));
  const stats = await verification.get('/v1/stats/wilayah', 'eka');
  expect(stats.status).toBe(200);
  expect(stats.body).toEqual([
    expect.objectContaining({ wilayah: 'III', claimed: 1, pausedNow: 1, oldestWaiting: expect.objectContaining({ taskId, pausedSeconds: 3600 }) }),
  ]);
  const perVerifier = await verification.get('/v1/stats/wilayah/III/verifiers', 'eka');
  expect(perVerifier.body).toEqual([expect.objectContaining({ verifier: 'ana', claimed: 1, pausedNow: 1 })]);
  const thread = await verification.get(`/v1/tasks/${taskId}/clarifications`, 'ana');
  expect(thread.body.clock).toEqual({ paused: true, pausedSince: '2024-12-02T01:10:00.000Z', pausedSeconds: 3600 });
});

it('takes the Pemda’s attachment through the evidence upload checks, and its answer restarts the clock and tells the verifier', async () => {
  const refused = await attach('operator-bandung', Buffer.from('MZ\x90\x00 bukan dokumen'), 'jawaban.pdf');
  expect(refused.status).toBe(422);
  expect(refused.body.error).toBe('UNSUPPORTED_FILE_TYPE');
  expect((await attach('operator-bogor', pdf('bukan Pemda saya'), 'sk.pdf')).status).toBe(403);

  const stored = await attach('operator-bandung', pdf('SK wali kota, halaman pengesahan'), 'SK pengesahan.pdf');
  expect(stored.status).toBe(201);
  expect(stored.body).toMatchObject({ pemdaCode: '32.73', year: 2024, subIndicatorCode: 'PRC.1.1', contentType: 'application/pdf', fileName: 'SK pengesahan.pdf' });
  attachmentId = stored.body.id;
  // Not a version of the item: nothing is scored from it.
  expect(await queryTestDatabase('SELECT id FROM submissions.evidence')).toEqual([]);
  // Verification learns which item the file is about from submissions' event (#146).
  await waitFor('verification to learn the attachment’s item', async () => (await knownAttachmentItem(attachmentId))[0]);
  expect(await knownAttachmentItem(attachmentId)).toEqual([{ pemda_code: '32.73', year: 2024, sub_indicator_code: 'PRC.1.1' }]);

  harness.clock.set(wib('2024-12-02T09:40'));
  expect((await verification.post(`/v1/tasks/${taskId}/clarifications`, 'operator-bandung', { body: 'x', pausesClock: true })).body.error).toBe('PAUSE_ONLY_BY_VERIFIER');
  const answer = { body: 'Sudah ditandatangani; halaman pengesahan kami lampirkan.', attachmentId };
  const sendAnswer = (key: string) =>
    harness.http().post(`/v1/tasks/${taskId}/clarifications`).set('Authorization', `Bearer ${tokens['operator-bandung']}`).set('Idempotency-Key', key).send(answer);
  expect((await sendAnswer('bukan kunci yang sah')).body.error).toBe('INVALID_IDEMPOTENCY_KEY');
  const answered = await sendAnswer('jawaban-sk-1');
  expect([answered.status, answered.headers['idempotent-replayed']]).toEqual([201, undefined]);
  expect(answered.body).toMatchObject({ authorSide: 'pemda', author: 'operator-bandung', attachment: { id: attachmentId } });
  // Sent again with its key (the answer lost on a bad line): the same message, posted and announced once (#201).
  const again = await sendAnswer('jawaban-sk-1');
  expect([again.status, again.headers['idempotent-replayed'], again.body]).toEqual([201, 'true', answered.body]);
  // The same file named in capitals is the same file.
  const shouted = await harness
    .http()
    .post(`/v1/tasks/${taskId}/clarifications`)
    .set('Authorization', `Bearer ${tokens['operator-bandung']}`)
    .set('Idempotency-Key', 'jawaban-sk-1')
    .send({ ...answer, attachmentId: attachmentId.toUpperCase() });
  expect([shouted.status, shouted.headers['idempotent-replayed'], shouted.body]).toEqual([201, 'true', answered.body]);
  // The same key for a different message is refused, and posts nothing.
  const edited = await harness
    .http()
    .post(`/v1/tasks/${taskId}/clarifications`)
    .set('Authorization', `Bearer ${tokens['operator-bandung']}`)
    .set('Idempotency-Key', 'jawaban-sk-1')
    .send({ ...answer, body: 'Sudah ditandatangani wali kota.' });
  expect([edited.status, edited.body.error]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);

  const events = await outboxOf('mcp.clarification.message-posted.v1');
  expect(events).toHaveLength(2);
  expect(events[1].event.data).toMatchObject({ authorSide: 'pemda', author: 'operator-bandung', verifier: 'ana', clockResumed: true, attachmentId });
  const notice = await waitFor('ana to be told', async () => (await inbox('ana')).find((item) => item.kind === 'clarification.answer'));
  expect(notice.title).toBe('Jawaban Pemda: PRC.1.1 (Kota Bandung, 32.73)');
  expect(notice.body).toContain('dengan lampiran');
  expect(notice.body).toContain('Waktu tugas berjalan kembali');
  await waitFor('ana’s e-mail', () => mail.to('ana@kpk.go.id').some((message) => message.subject === 'Jawaban Pemda: PRC.1.1 (Kota Bandung, 32.73)'));
  expect((await inbox('operator-bandung')).map((item) => item.kind)).not.toContain('clarification.answer');
  const threads = await verification.get('/v1/pemda/32.73/clarifications', 'operator-bandung');
  expect(threads.body).toEqual([expect.objectContaining({ taskId, messageCount: 2, lastAuthorSide: 'pemda', waitingForPemda: false, clockPaused: false })]);
});

it('attaches only a file stored for the task’s own item, and says when verification does not know a file yet (#146)', async () => {
  // Another Pemda's file: Bandung's readers could not open it. Another item's: the trail would file it under the wrong item.
  const ofBogor = await attach('operator-bogor', pdf('SK Kabupaten Bogor'), 'sk-bogor.pdf', '32.01');
  const ofAnotherItem = await attach('operator-bandung', pdf('SK untuk butir lain'), 'sk-lain.pdf', '32.73', 'PRC.1.2');
  expect([ofBogor.status, ofAnotherItem.status]).toEqual([201, 201]);
  await waitFor('verification to learn both items', async () => (await knownAttachmentItem(ofBogor.body.id)).length + (await knownAttachmentItem(ofAnotherItem.body.id)).length === 2);
  const before = await outboxOf('mcp.clarification.message-posted.v1');
  for (const [who, id] of [['ana', ofBogor.body.id], ['operator-bandung', ofAnotherItem.body.id]]) {
    const refused = await verification.post(`/v1/tasks/${taskId}/clarifications`, who, { body: 'Lampiran terlampir.', attachmentId: id });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'FOREIGN_ATTACHMENT', details: { attachmentId: id } });
  }
  const unknown = await verification.post(`/v1/tasks/${taskId}/clarifications`, 'operator-bandung', { body: 'Lampiran terlampir.', attachmentId: '00000000-0000-4000-8000-000000000146' });
  expect(unknown.status).toBe(409);
  expect(unknown.body.error).toBe('ATTACHMENT_NOT_YET_KNOWN');
  // Nothing was posted: the thread and its events are as before.
  expect(await outboxOf('mcp.clarification.message-posted.v1')).toHaveLength(before.length);
  expect((await verification.get(`/v1/tasks/${taskId}/clarifications`, 'ana')).body.messages).toHaveLength(2);
});

it('lets the verifier see both messages and the file, then decide; the manager view leaves the pause out', async () => {
  const thread = await verification.get(`/v1/tasks/${taskId}/clarifications`, 'ana');
  expect(thread.status).toBe(200);
  expect(thread.body.readOnly).toBe(false);
  expect(thread.body.clock).toEqual({ paused: false, pausedSince: null, pausedSeconds: 5400 });
  expect(thread.body.messages.map((message: { authorSide: string; author: string }) => `${message.authorSide} ${message.author}`)).toEqual(['verifier ana', 'pemda operator-bandung']);
  const download = thread.body.messages[1].attachment.downloadUrl as string;
  expect(download).toMatch(new RegExp(`/v1/clarification-attachments/${attachmentId}/download$`));
  const file = await submissionsHttp()
    .get(`/v1/clarification-attachments/${attachmentId}/download`)
    .set('Authorization', `Bearer ${tokens.ana}`)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(file.status).toBe(200);
  expect(file.body).toEqual(pdf('SK wali kota, halaman pengesahan'));

  // The Pemda sees the same thread, the verifier as "Verifikator KPK".
  const seenByPemda = await verification.get(`/v1/tasks/${taskId}/clarifications`, 'operator-bandung');
  expect(seenByPemda.body.messages.map((message: { author: string }) => message.author)).toEqual(['Verifikator KPK', 'operator-bandung']);

  // A last question stops the clock at 10.05; the verifier decides without waiting for its answer.
  harness.clock.set(wib('2024-12-02T10:05'));
  expect((await verification.post(`/v1/tasks/${taskId}/clarifications`, 'ana', { body: 'Terima kasih; kami lanjutkan penilaian.', pausesClock: true })).status).toBe(201);
  harness.clock.set(wib('2024-12-02T10:10'));
  const task = await verification.get(`/v1/tasks/${taskId}`, 'ana');
  const decided = await verification.post(`/v1/tasks/${taskId}/decision`, 'ana', { outcome: 'approved', verifiedValue: 100, evidenceChangedAt: task.body.evidenceChangedAt });
  expect(decided.status).toBe(201);
  const stats = await verification.get('/v1/stats/wilayah?date=2024-12-02', 'eka');
  // 08.00 → 10.10 is 7800 s, 5400 + 300 s of it paused.
  expect(stats.body).toEqual([expect.objectContaining({ wilayah: 'III', decidedToday: 1, medianSecondsToDecision: 2100, p90SecondsToDecision: 2100, pausedNow: 0 })]);

  // The decision ends the pause and the thread: nothing waits for the Pemda, nobody writes on it.
  harness.clock.set(wib('2024-12-02T10:30'));
  const [pause] = await queryTestDatabase<{ resumed_at: Date }>(`SELECT resumed_at FROM verification.clarification_pause WHERE task_id = $1 ORDER BY paused_at DESC LIMIT 1`, [taskId]);
  expect(pause.resumed_at.toISOString()).toBe(wib('2024-12-02T10:10'));
  const threads = await verification.get('/v1/pemda/32.73/clarifications', 'operator-bandung');
  expect(threads.body).toEqual([
    expect.objectContaining({ taskId, taskStatus: 'decided', messageCount: 3, lastAuthorSide: 'verifier', waitingForPemda: false, clockPaused: false, readOnly: true }),
  ]);
  const closedThread = await verification.get(`/v1/tasks/${taskId}/clarifications`, 'operator-bandung');
  expect(closedThread.body).toMatchObject({ readOnly: true, clock: { paused: false, pausedSeconds: 5700 } });
  const refused = await verification.post(`/v1/tasks/${taskId}/clarifications`, 'operator-bandung', { body: 'Baik, terima kasih.' });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toBe('THREAD_CLOSED');
});

it('keeps the thread to its task: the Pemda, the holder and managers of its wilayah', async () => {
  expect((await verification.get(`/v1/tasks/${taskId}/clarifications`, 'operator-bogor')).status).toBe(403);
  expect((await verification.get(`/v1/tasks/${taskId}/clarifications`, 'fajar')).status).toBe(403);
  expect((await verification.get(`/v1/tasks/${taskId}/clarifications`, 'eka')).status).toBe(200);
  expect((await verification.post(`/v1/tasks/${taskId}/clarifications`, 'operator-bogor', { body: 'bukan tugas kami' })).status).toBe(403);
  // The task is decided: nobody holds it any more, so no verifier writes on it.
  expect((await verification.post(`/v1/tasks/${taskId}/clarifications`, 'budi', { body: 'saya bukan pemegangnya' })).body.error).toBe('NOT_CLAIM_HOLDER');
  expect((await verification.post(`/v1/tasks/${taskId}/clarifications`, 'ana', { body: 'x', pausesClock: true })).body.error).toBe('NOT_CLAIM_HOLDER');
  expect((await submissionsHttp().get(`/v1/clarification-attachments/${attachmentId}/download`).set('Authorization', `Bearer ${tokens.fajar}`)).status).toBe(403);
  expect((await submissionsHttp().get(`/v1/clarification-attachments/${attachmentId}/download`).set('Authorization', `Bearer ${tokens['operator-bogor']}`)).status).toBe(403);
});

it('records every message, upload and download in the audit trail', async () => {
  const rows = await queryTestDatabase<{ action: string; actor_subject: string; written_by: string; subject_ids: Record<string, string> }>(
    // The audit schema outlives the services' schemas between runs: this run's task and file only.
    `SELECT action, actor_subject, written_by, subject_ids FROM audit.entry
      WHERE action LIKE 'clarification.%' AND (subject_ids->>'taskId' = $1 OR subject_ids->>'attachmentId' = $2) ORDER BY sequence`,
    [taskId, attachmentId],
  );
  expect(rows.map((row) => `${row.action} ${row.actor_subject}`)).toEqual([
    'clarification.posted ana',
    'clarification.attachment-uploaded operator-bandung',
    'clarification.posted operator-bandung',
    'clarification.attachment-downloaded ana',
    'clarification.posted ana',
  ]);
  expect(rows[2].subject_ids).toMatchObject({ taskId, attachmentId });
});

it('stops waiting for the Pemda once the new upload a revision asked for arrives', async () => {
  harness.clock.set(wib('2024-12-02T10:40'));
  await harness.upload({ pemdaCode: '32.01', submittedAt: wib('2024-12-02T10:40') });
  const claimed = await verification.post('/v1/tasks/claim', 'ana');
  expect(claimed.body).toMatchObject({ pemdaCode: '32.01', claimedBy: 'ana' });
  const bogorTask = claimed.body.id as string;
  expect((await verification.post(`/v1/tasks/${bogorTask}/clarifications`, 'ana', { body: 'Lampiran halaman 3 tidak terbaca.' })).status).toBe(201);
  const revision = await verification.post(`/v1/tasks/${bogorTask}/decision`, 'ana', {
    outcome: 'revision_requested',
    note: 'Unggah ulang dengan halaman 3 yang terbaca',
    evidenceChangedAt: claimed.body.evidenceChangedAt,
  });
  expect(revision.status).toBe(201);
  const threadOf = async () => (await verification.get('/v1/pemda/32.01/clarifications', 'operator-bogor')).body[0];
  // Asked for a revision, the Pemda still owes the answer, and may give it in the thread.
  expect(await threadOf()).toMatchObject({ taskId: bogorTask, taskStatus: 'revision_requested', waitingForPemda: true, readOnly: false });

  harness.clock.set(wib('2024-12-02T11:00'));
  await harness.upload({ pemdaCode: '32.01', submittedAt: wib('2024-12-02T11:00') });
  expect(await threadOf()).toMatchObject({ taskId: bogorTask, taskStatus: 'open', lastAuthorSide: 'verifier', waitingForPemda: false, readOnly: false });
});

it('lets an OPD operator answer only on items of their assignment, as submissions announces it (#137)', async () => {
  const bogorTask = (await verification.get('/v1/pemda/32.01/clarifications', 'operator-bogor')).body[0].taskId as string;
  const assign = (areaCodes: string[]) =>
    submissionsHttp()
      .put('/v1/pemda/32.01/operator-assignments/operator-bogor')
      .set('Authorization', `Bearer ${tokens['admin-bogor']}`)
      .send({ opdName: 'BPKAD', areaCodes, indicatorCodes: [], picAreaCodes: [] })
      .expect(200);
  const verificationKnows = (areaCodes: string[]) =>
    waitFor('verification to learn the assignment', async () => {
      const [row] = await queryTestDatabase<{ operators: { operatorSubject: string; areaCodes: string[] }[] }>(
        "SELECT operators FROM verification.pemda_operator_assignments WHERE pemda_code = '32.01'",
      );
      return JSON.stringify(row?.operators.find((operator) => operator.operatorSubject === 'operator-bogor')?.areaCodes) === JSON.stringify(areaCodes);
    });
  const answer = (who: string) => verification.post(`/v1/tasks/${bogorTask}/clarifications`, who, { body: 'Halaman 3 sudah kami unggah ulang.' });

  await assign(['PBJ']);
  await verificationKnows(['PBJ']);
  const outside = await answer('operator-bogor');
  expect(outside.status).toBe(403);
  expect(outside.body).toMatchObject({ error: 'OUTSIDE_OPERATOR_ASSIGNMENT', details: { subIndicatorCode: 'PRC.1.1', areaCode: 'PRC' } });
  // Once the Pemda has OPD accounts, an operator without one answers nowhere; its admin everywhere.
  expect((await answer('operator-bogor-baru')).body).toMatchObject({ error: 'OPERATOR_NOT_ASSIGNED' });
  expect((await answer('admin-bogor')).status).toBe(201);

  await assign(['PBJ', 'PRC']);
  await verificationKnows(['PBJ', 'PRC']);
  expect((await answer('operator-bogor')).status).toBe(201);
});

it('refuses a key another task’s message took in the same moment: the unique index decides the race (#201)', async () => {
  // Two sends with one key for two tasks lock different tasks, so neither waits for the other's
  // check: both find no message with the key. The unique index on (author, key) decides, and the
  // loser must get 422 IDEMPOTENCY_KEY_REUSED, not 500. A message for the other task is held
  // uncommitted here until the service's insert waits on it.
  const bogorTask = (await verification.get('/v1/pemda/32.01/clarifications', 'admin-bogor')).body[0].taskId as string;
  const key = 'kunci-balapan-201';
  const postedBefore = await outboxOf('mcp.clarification.message-posted.v1');
  const messagesBefore = (await verification.get(`/v1/tasks/${bogorTask}/clarifications`, 'admin-bogor')).body.messages.length;
  const racer = new Client({ connectionString: testDatabaseUrl });
  await racer.connect();
  let heldId: string | undefined;
  let send: Promise<request.Response> | undefined;
  try {
    await racer.query('BEGIN');
    [{ id: heldId }] = (
      await racer.query(
        `INSERT INTO verification.clarification_message (id, task_id, author_side, author, author_roles, body, posted_at, idempotency_key)
         VALUES (gen_random_uuid(), $1, 'pemda', 'admin-bogor', '{pemda-admin}', 'pesan yang menang', now(), $2) RETURNING id`,
        [taskId, key],
      )
    ).rows;
    send = harness
      .http()
      .post(`/v1/tasks/${bogorTask}/clarifications`)
      .set('Authorization', `Bearer ${tokens['admin-bogor']}`)
      .set('Idempotency-Key', key)
      .send({ body: 'Halaman 3 terlampir ulang.' })
      .then((response) => response);
    // Blocked by this very connection: another worker's database or the developer's cannot match.
    const racerPid = (racer as unknown as { processID: number }).processID;
    await waitFor('the service’s insert to wait on the held key', async () =>
      (await queryTestDatabase('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [racerPid])).length === 1,
    );
    await racer.query('COMMIT');
    const lost = await send;
    expect([lost.status, lost.body.error]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    // The loser's transaction rolled back whole: no message, no event, no audit entry.
    expect(await outboxOf('mcp.clarification.message-posted.v1')).toHaveLength(postedBefore.length);
    expect((await verification.get(`/v1/tasks/${bogorTask}/clarifications`, 'admin-bogor')).body.messages).toHaveLength(messagesBefore);
    expect(await queryTestDatabase("SELECT 1 FROM audit.entry WHERE action = 'clarification.posted' AND subject_ids->>'taskId' = $1 AND details->>'body' = 'Halaman 3 terlampir ulang.'", [bogorTask])).toEqual([]);
  } finally {
    // The held row is rolled back with its connection if never committed. Once the send has
    // answered, a committed one is deleted, so Bandung's thread is as the next test expects it.
    await racer.end();
    await send?.catch(() => undefined);
    if (heldId) await queryTestDatabase('DELETE FROM verification.clarification_message WHERE id = $1', [heldId]);
  }
});

it('leaves the thread read-only once the year is closed', async () => {
  await harness.publish(YearClosed, { year: 2024, closedAt: '2024-12-02T04:00:00.000Z', closedBy: 'admin-kpk' });
  await waitFor('verification to learn the year is closed', async () => (await queryTestDatabase('SELECT 1 FROM verification.closed_year WHERE year = 2024')).length === 1);
  const refused = await verification.post(`/v1/tasks/${taskId}/clarifications`, 'operator-bandung', { body: 'Satu hal lagi' });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toBe('YEAR_CLOSED');
  expect(refused.body.message).toContain('hanya dapat dibaca');
  // Someone who may not read the thread learns nothing of the task, not even that its year closed (#222).
  for (const outsider of ['operator-bogor', 'fajar']) {
    const forbidden = await verification.post(`/v1/tasks/${taskId}/clarifications`, outsider, { body: 'Satu hal lagi' });
    expect([outsider, forbidden.status, forbidden.body.error]).toEqual([outsider, 403, 'NOT_ALLOWED_FOR_PEMDA']);
  }
  const thread = await verification.get(`/v1/tasks/${taskId}/clarifications`, 'operator-bandung');
  expect(thread.body).toMatchObject({ readOnly: true });
  expect(thread.body.messages).toHaveLength(3);
});
