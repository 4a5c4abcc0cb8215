import { Decimal } from '@mcp/mcp-domain';
import { testToken, waitFor } from '@mcp/testing';
import request from 'supertest';
import { PlatformUnderTest } from './platform-under-test';

/*
 * The revision cycle across the real services and broker: the Pemda uploads, a verifier asks for
 * a revision, the Pemda sees why and uploads a new version, which joins the same task; the
 * verifier approves and the score follows. PRC.1.1 approved at 100 gives 1.33306668 (see
 * platform-flow.integration-spec.ts for the hand computation).
 */
const PEMDA = '32.73';
const REASON = 'Lampiran SK belum ditandatangani kepala daerah';
const platform = new PlatformUnderTest();
let operator: string;
let verifier: string;

beforeAll(async () => {
  await platform.prepare();
  await platform.startAll();
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  const admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  // 2024's deadline has passed (today is after 30 November 2024): extend it for this Pemda first.
  const extension = await request(platform.http('submissions') as never)
    .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ year: 2024, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji siklus revisi' });
  expect(extension.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await platform.stopAll();
});

function upload(text: string, fields: Record<string, string>) {
  const call = request(platform.http('submissions') as never)
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${operator}`)
    .field('pemdaCode', PEMDA)
    .field('year', '2024')
    .field('subIndicatorCode', fields.subIndicatorCode ?? 'PRC.1.1');
  for (const [name, value] of Object.entries(fields)) if (name !== 'subIndicatorCode') call.field(name, value);
  return call.attach('file', Buffer.from(`%PDF-1.7\n${text}\n`), 'SK Penetapan SSH.pdf');
}

function claim(): Promise<{ id: string; evidence: { evidenceId: string; downloadUrl: string }[] }> {
  return waitFor('a task to claim', async () => {
    const response = await request(platform.http('verification') as never)
      .post('/v1/tasks/claim')
      .set('Authorization', `Bearer ${verifier}`);
    return response.status === 200 ? response.body : undefined;
  });
}

function decide(taskId: string, body: object) {
  return request(platform.http('verification') as never)
    .post(`/v1/tasks/${taskId}/decision`)
    .set('Authorization', `Bearer ${verifier}`)
    .send(body);
}

function submissionHistory() {
  return request(platform.http('submissions') as never)
    .get(`/v1/pemda/${PEMDA}/submissions/2024/PRC.1.1`)
    .set('Authorization', `Bearer ${operator}`);
}

it('revision requested → the Pemda sees why → a new version joins the task → approved → scored', async () => {
  const first = await upload('versi pertama, belum ditandatangani', { claimedValue: '100' });
  expect(first.status).toBe(201);

  const task = await claim();
  expect(task.evidence.map((item) => item.evidenceId)).toEqual([first.body.id]);
  // The verifier opens the file through the submissions service with their own token.
  const [path] = task.evidence.map((item) => new URL(item.downloadUrl).pathname);
  const file = await request(platform.http('submissions') as never).get(path).set('Authorization', `Bearer ${verifier}`);
  expect(file.status).toBe(200);
  expect((await decide(task.id, { outcome: 'revision_requested', note: REASON })).status).toBe(201);

  const requested = await waitFor('the Pemda to see the revision request', async () => {
    const response = await submissionHistory();
    return response.body.item?.status === 'revision_requested' ? response.body : undefined;
  });
  expect(requested.item.decisionReason).toContain(REASON);
  expect(requested.versions[0]).toMatchObject({ version: 1, status: 'revision_requested' });

  const second = await upload('versi kedua, sudah ditandatangani', { note: 'Sudah ditandatangani kepala daerah' });
  expect(second.status).toBe(201);
  expect(second.body).toMatchObject({ version: 2, claimedValue: 100 });

  const reopened = await claim();
  expect(reopened.id).toBe(task.id);
  expect(reopened.evidence.map((item) => item.evidenceId)).toEqual([first.body.id, second.body.id]);
  expect((await decide(reopened.id, { outcome: 'approved', verifiedValue: 100 })).status).toBe(201);

  await waitFor('the score to count the approval', async () => {
    const response = await request(platform.http('scoring') as never)
      .get(`/v1/scores/pemda/${PEMDA}?year=2024`)
      .set('Authorization', `Bearer ${operator}`);
    return response.status === 200 && new Decimal(response.body.totalExact).equals('1.33306668');
  });
  const approved = await waitFor('the approval in the submission history', async () => {
    const response = await submissionHistory();
    return response.body.item?.status === 'approved' ? response.body : undefined;
  });
  expect(approved.item).toMatchObject({ claimedValue: 100, verifiedValue: 100 });
  expect(approved.versions.map((version: { version: number; status: string }) => [version.version, version.status])).toEqual([
    [1, 'approved'],
    [2, 'approved'],
  ]);
  const steps = approved.history.map((entry: { kind: string; outcome: string | null; reason: string | null }) => [entry.kind, entry.outcome]);
  expect(steps).toEqual([
    ['claim_changed', null],
    ['uploaded', null],
    ['decided', 'revision_requested'],
    ['uploaded', null],
    ['decided', 'approved'],
  ]);
  expect(approved.history[3].reason).toBe('Sudah ditandatangani kepala daerah');
});

function asVerifier(method: 'get' | 'post', path: string, body: object = {}) {
  const call = request(platform.http('verification') as never)[method](path).set('Authorization', `Bearer ${verifier}`);
  return method === 'post' ? call.send(body) : call;
}

// A question stopped the task's clock; the verifier let go of the task and the Pemda withdrew the new
// version, so the task waits for the revision again, with nobody's clock to stop (docs/decisions.md #214).
it('ends a running pause when a withdrawal sends the task back to waiting for the revision', async () => {
  const first = await upload('versi pertama', { subIndicatorCode: 'PRC.1.2', claimedValue: '50' });
  expect(first.status).toBe(201);
  const task = await claim();
  expect((await decide(task.id, { outcome: 'revision_requested', note: REASON })).status).toBe(201);
  const second = await upload('versi kedua', { subIndicatorCode: 'PRC.1.2', note: 'Perbaikan' });
  expect(second.status).toBe(201);
  const reopened = await claim();
  expect(reopened.id).toBe(task.id);
  expect((await asVerifier('post', `/v1/tasks/${task.id}/clarifications`, { body: 'Halaman pengesahan yang mana?', pausesClock: true })).status).toBe(201);
  expect((await asVerifier('get', `/v1/tasks/${task.id}/clarifications`)).body.clock).toMatchObject({ paused: true });
  expect((await asVerifier('post', `/v1/tasks/${task.id}/release`)).status).toBe(200);

  const withdrawn = await request(platform.http('submissions') as never)
    .post(`/v1/evidence/${second.body.id}/withdrawal`)
    .set('Authorization', `Bearer ${operator}`)
    .send({ reason: 'Salah berkas' });
  expect(withdrawn.status).toBe(200);
  await waitFor('the task to wait for the revision again', async () =>
    (await asVerifier('get', `/v1/tasks/${task.id}`)).body.status === 'revision_requested' ? true : undefined,
  );
  expect((await asVerifier('get', `/v1/tasks/${task.id}/clarifications`)).body.clock).toMatchObject({ paused: false });
});
