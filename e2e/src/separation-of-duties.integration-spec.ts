import { TokenIssuer, type AuthPrincipal } from '@mcp/auth';
import { queryTestDatabase, waitFor } from '@mcp/testing';
import request from 'supertest';
import { FakeClock, SubmissionsUnderTest } from '../../services/submissions/src/submissions-under-test';
import { VerificationHarness } from './verification-harness';

/*
 * Issue 12, "Separation of duties" and "QA cannot be dodged", over the real broker and database:
 * submissions and verification run side by side and talk only through their topics.
 *
 * Every item is PRC.1.1 of the shipped 2024 framework. Kota Bandung (32.73) and the other
 * Kota/Kabupaten of Jawa Barat are in Wilayah III; Kota Denpasar (51.71) is in Wilayah V. Every
 * decision is sampled (QA_SAMPLE_PERCENT 100), so a decision without a review is one the rules
 * kept out of the sample, not one the draw missed.
 */
const issuer = TokenIssuer.forDevelopment();
const token = (principal: AuthPrincipal) => issuer.issue(principal);
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);

const harness = new VerificationHarness({
  env: { QA_SAMPLE_PERCENT: '100', CORRECTION_PERIOD_DAYS: '7' },
  startAt: '2024-12-02T01:00:00Z',
  withScoring: false,
});
const submissions = new SubmissionsUnderTest(new FakeClock(new Date('2024-11-20T10:00:00+07:00')));

let ana: string; // verifier, III
let budi: string; // verifier, III
let dewi: string; // verifier, III; an admin moves her to V
let qaEka: string; // qa, III
let rina: string; // admin who also verifies in III (one person, two hats)
let admin: string;
let bandungOperator: string;

beforeAll(async () => {
  await harness.start();
  await submissions.start({ resetTopics: false });
  ana = await token({ subject: 'ana', roles: ['verifier'], wilayah: 'III' });
  budi = await token({ subject: 'budi', roles: ['verifier'], wilayah: 'III' });
  dewi = await token({ subject: 'dewi', roles: ['verifier'], wilayah: 'III' });
  qaEka = await token({ subject: 'eka', roles: ['qa'], wilayah: 'III' });
  rina = await token({ subject: 'rina', roles: ['admin', 'verifier'], wilayah: 'III' });
  admin = await token({ subject: 'admin-kpk', roles: ['admin'] });
  bandungOperator = await token({ subject: 'operator-bandung', roles: ['pemda-operator'], pemdaCode: '32.73' });
}, 180_000);

afterAll(async () => {
  await submissions.stop();
  await harness.stop();
});

const verification = {
  post: (path: string, bearer: string, body: object = {}) => harness.http().post(path).set('Authorization', `Bearer ${bearer}`).send(body),
  put: (path: string, bearer: string, body: object = {}) => harness.http().put(path).set('Authorization', `Bearer ${bearer}`).send(body),
  delete: (path: string, bearer: string) => harness.http().delete(path).set('Authorization', `Bearer ${bearer}`),
  get: (path: string, bearer: string) => harness.http().get(path).set('Authorization', `Bearer ${bearer}`),
};
const submissionsHttp = () => request(submissions.http() as never);

/** An upload through the submissions API; resolves once verification has queued it. */
async function upload(bearer: string, pemdaCode: string, text: string, fields: Record<string, string> = {}): Promise<{ id: string; taskId: string }> {
  const call = submissionsHttp().post('/v1/evidence').set('Authorization', `Bearer ${bearer}`);
  for (const [name, value] of Object.entries({ pemdaCode, year: '2024', subIndicatorCode: 'PRC.1.1', ...fields })) call.field(name, value);
  const response = await call.attach('file', pdf(text), { filename: 'SK.pdf', contentType: 'application/pdf' });
  expect(response.status).toBe(201);
  const id: string = response.body.id;
  const taskId = await waitFor(`evidence ${id} in verification's queue`, () => harness.taskOfEvidence(id));
  return { id, taskId };
}

async function claimTask(bearer: string, taskId: string): Promise<{ id: string; evidenceChangedAt: string }> {
  const response = await verification.post('/v1/tasks/claim', bearer);
  expect({ status: response.status, id: response.body.id }).toEqual({ status: 200, id: taskId });
  return response.body;
}

async function pendingReviewsOf(taskId: string): Promise<{ id: string; decision_id: string }[]> {
  return queryTestDatabase(`SELECT id, decision_id FROM verification.qa_review WHERE task_id = $1 AND status = 'pending' ORDER BY sampled_at`, [taskId]);
}

describe('QA cannot be dodged', () => {
  it('does not tell the decider that the decision was sampled; QA sees it in its queue', async () => {
    const { taskId } = await upload(bandungOperator, '32.73', 'sampled');
    const task = await claimTask(ana, taskId);
    const decided = await verification.post(`/v1/tasks/${task.id}/decision`, ana, { outcome: 'approved', verifiedValue: 100 });
    expect(decided.status).toBe(201);
    expect(Object.keys(decided.body).sort()).toEqual(['decisionId', 'kind', 'sequence']);
    const queue = (await verification.get('/v1/qa/reviews', qaEka)).body as { decision: { id: string } }[];
    expect(queue.map((review) => review.decision.id)).toContain(decided.body.decisionId);
  });

  it('keeps a sampled decision sampled through its verifier\'s corrections: the pending review follows the newest decision', async () => {
    const evidence = await harness.upload({ pemdaCode: '32.01' });
    const task = await claimTask(ana, (await harness.taskOfEvidence(evidence.evidenceId)) as string);
    const first = await verification.post(`/v1/tasks/${task.id}/decision`, ana, { outcome: 'approved', verifiedValue: 100 });
    const [review] = await pendingReviewsOf(task.id);
    expect(review.decision_id).toBe(first.body.decisionId);

    const corrected = await verification.post(`/v1/decisions/${first.body.decisionId}/correction`, ana, { outcome: 'approved', verifiedValue: 50 });
    expect(corrected.status).toBe(201);
    // The same review, now on the correction: not cancelled, and no second draw beside it.
    expect(await pendingReviewsOf(task.id)).toEqual([{ id: review.id, decision_id: corrected.body.decisionId }]);
    const listed = ((await verification.get('/v1/qa/reviews', qaEka)).body as { id: string; decision: { id: string; verifiedValue: number } }[]).find((r) => r.id === review.id);
    expect(listed?.decision).toMatchObject({ id: corrected.body.decisionId, verifiedValue: 50 });
  });

  it('holds QA\'s verdict while the sampled decision was corrected to a revision request: the review waits for the final decision', async () => {
    const evidence = await harness.upload({ pemdaCode: '32.04' });
    const task = await claimTask(ana, (await harness.taskOfEvidence(evidence.evidenceId)) as string);
    const first = await verification.post(`/v1/tasks/${task.id}/decision`, ana, { outcome: 'approved', verifiedValue: 100 });
    const [review] = await pendingReviewsOf(task.id);
    const revision = await verification.post(`/v1/decisions/${first.body.decisionId}/correction`, ana, {
      outcome: 'revision_requested',
      reasonCode: 'DOKUMEN_TIDAK_LENGKAP',
      note: 'Lampiran belum lengkap',
    });
    expect(revision.status).toBe(201);
    // A confirmation now would let the final decision escape the sample; an overturn would decide a task waiting for the Pemda.
    for (const verdict of [
      verification.post(`/v1/qa/reviews/${review.id}/confirm`, qaEka, { note: 'Sesuai' }),
      verification.post(`/v1/qa/reviews/${review.id}/overturn`, qaEka, { outcome: 'approved', verifiedValue: 50, note: 'x' }),
    ]) {
      const refused = await verdict;
      expect([refused.status, refused.body.error]).toEqual([409, 'QA_AWAITING_FINAL_DECISION']);
    }
    expect(await pendingReviewsOf(task.id)).toEqual([{ id: review.id, decision_id: revision.body.decisionId }]);
  });

  it('does not redraw the sample when a decision that was not sampled is corrected', async () => {
    const evidence = await harness.upload({ pemdaCode: '32.02' });
    const task = await claimTask(ana, (await harness.taskOfEvidence(evidence.evidenceId)) as string);
    const first = await verification.post(`/v1/tasks/${task.id}/decision`, ana, { outcome: 'approved', verifiedValue: 100 });
    // Every decision is drawn here; removing the review makes this one a decision the draw missed.
    await queryTestDatabase('DELETE FROM verification.qa_review WHERE decision_id = $1', [first.body.decisionId]);
    const corrected = await verification.post(`/v1/decisions/${first.body.decisionId}/correction`, ana, { outcome: 'approved', verifiedValue: 50 });
    expect(corrected.status).toBe(201);
    expect(await queryTestDatabase('SELECT 1 FROM verification.qa_review WHERE task_id = $1', [task.id])).toEqual([]);
  });

  it('sends the correction of a QA-confirmed decision back to QA', async () => {
    const evidence = await harness.upload({ pemdaCode: '32.03' });
    const task = await claimTask(ana, (await harness.taskOfEvidence(evidence.evidenceId)) as string);
    const first = await verification.post(`/v1/tasks/${task.id}/decision`, ana, { outcome: 'approved', verifiedValue: 100 });
    const [review] = await pendingReviewsOf(task.id);
    expect((await verification.post(`/v1/qa/reviews/${review.id}/confirm`, qaEka, { note: 'Sesuai' })).status).toBe(200);
    expect(await pendingReviewsOf(task.id)).toEqual([]);

    const corrected = await verification.post(`/v1/decisions/${first.body.decisionId}/correction`, ana, { outcome: 'approved', verifiedValue: 50 });
    expect(corrected.status).toBe(201);
    const again = await pendingReviewsOf(task.id);
    expect(again).toEqual([{ id: expect.any(String), decision_id: corrected.body.decisionId }]);
    expect(again[0].id).not.toBe(review.id);
  });
});

describe('whoever uploaded or changed the claim does not verify it', () => {
  it("refuses rina's decision on an item she uploaded to as admin, skips it in her claim-next, and lets another verifier decide", async () => {
    const first = await upload(bandungOperator, '32.73', 'operator v1', { subIndicatorCode: 'PRC.1.2' });
    const task = await claimTask(rina, first.taskId);
    // While rina holds the task, she (as admin, for the Pemda) adds a file to it.
    const second = await upload(rina, '32.73', 'admin v2', { subIndicatorCode: 'PRC.1.2' });
    expect(second.taskId).toBe(task.id);
    const view = (await verification.get(`/v1/tasks/${task.id}`, rina)).body;

    const refused = await verification.post(`/v1/tasks/${task.id}/decision`, rina, { outcome: 'approved', verifiedValue: 100, evidenceChangedAt: view.evidenceChangedAt });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'OWN_SUBMISSION', message: expect.stringMatching(/verifikasi harus dilakukan orang lain/) });
    expect(await queryTestDatabase('SELECT 1 FROM verification.decision WHERE task_id = $1', [task.id])).toEqual([]);

    expect((await verification.post(`/v1/tasks/${task.id}/release`, rina)).status).toBe(200);
    const preview = (await verification.get('/v1/my/tasks', rina)).body as { next: { id: string }[] };
    expect(preview.next.map((item) => item.id)).not.toContain(task.id);
    expect(((await verification.get('/v1/my/tasks', budi)).body as { next: { id: string }[] }).next.map((item) => item.id)).toContain(task.id);
    const next = await verification.post('/v1/tasks/claim', rina);
    expect(next.body?.id).not.toBe(task.id);
    if (next.status === 200) await verification.post(`/v1/tasks/${next.body.id}/release`, rina);
    const reassigned = await verification.post(`/v1/tasks/${task.id}/reassign`, admin, { verifier: 'rina' });
    expect(reassigned.body.error).toBe('VERIFIER_SUBMITTED_EVIDENCE');

    const budiTask = await verification.post(`/v1/tasks/${task.id}/reassign`, admin, { verifier: 'budi' });
    expect(budiTask.status).toBe(200);
    const decided = await verification.post(`/v1/tasks/${task.id}/decision`, budi, { outcome: 'approved', verifiedValue: 100 });
    expect(decided.status).toBe(201);
  });

  it('keeps whoever set the claim in force away from the item, though the claim reached verification with an upload by someone else', async () => {
    const dini = await token({ subject: 'dini', roles: ['admin', 'verifier'], wilayah: 'III' });
    const claim = await submissionsHttp()
      .put('/v1/pemda/32.73/submissions/2024/PRC.1.3/claim')
      .set('Authorization', `Bearer ${dini}`)
      .send({ claimedValue: 100, reason: 'Atas permintaan Pemda' });
    expect(claim.status).toBe(200);
    const { taskId } = await upload(bandungOperator, '32.73', 'operator after claim', { subIndicatorCode: 'PRC.1.3' });
    expect(await queryTestDatabase(`SELECT subject FROM verification.item_contributor WHERE pemda_code = '32.73' AND sub_indicator_code = 'PRC.1.3' ORDER BY subject`)).toEqual([
      { subject: 'dini' },
      { subject: 'operator-bandung' },
    ]);
    const reassigned = await verification.post(`/v1/tasks/${taskId}/reassign`, admin, { verifier: 'dini' });
    expect(reassigned.body.error).toBe('VERIFIER_SUBMITTED_EVIDENCE');
  });

  it('changes no claim alone while its evidence awaits a decision: verification would judge the old claim, not knowing who changed it (#143)', async () => {
    const eko = await token({ subject: 'eko', roles: ['admin', 'verifier'], wilayah: 'III' });
    await upload(bandungOperator, '32.73', 'awaiting a decision', { subIndicatorCode: 'PRC.3.1', claimedValue: '50' });
    const changeTo = (claimedValue: number) =>
      submissionsHttp().put('/v1/pemda/32.73/submissions/2024/PRC.3.1/claim').set('Authorization', `Bearer ${eko}`).send({ claimedValue });
    const refused = await changeTo(100);
    expect([refused.status, refused.body.error]).toEqual([409, 'CLAIM_UNDER_VERIFICATION']);
    // Saying the claim in force again changes nothing and is no refusal.
    expect((await changeTo(50)).status).toBe(200);
    // The way the refusal names: the same file again with the new claim is a new version, which
    // reaches verification with who set the claim, so that person does not decide the item.
    const again = await upload(eko, '32.73', 'awaiting a decision', { subIndicatorCode: 'PRC.3.1', claimedValue: '100' });
    const contributors = () =>
      queryTestDatabase(`SELECT subject FROM verification.item_contributor WHERE pemda_code = '32.73' AND sub_indicator_code = 'PRC.3.1' ORDER BY subject`);
    await waitFor('the new claim\'s setter in verification', async () => ((await contributors()).some((row) => row.subject === 'eko') ? true : undefined));
    const reassigned = await verification.post(`/v1/tasks/${again.taskId}/reassign`, admin, { verifier: 'eko' });
    expect(reassigned.body.error).toBe('VERIFIER_SUBMITTED_EVIDENCE');
  });
});

describe("the Pemda's history", () => {
  it("shows an admin's upload as done on the Pemda's behalf, and the decider as 'Verifikator KPK' to the Pemda only", async () => {
    const path = '/v1/pemda/32.73/submissions/2024/PRC.1.2';
    await waitFor('the decision in the Pemda history', async () => {
      const body = (await submissionsHttp().get(path).set('Authorization', `Bearer ${admin}`)).body;
      return body.history?.some((entry: { kind: string }) => entry.kind === 'decided') ? true : undefined;
    });
    type Entry = { kind: string; actor: string; onBehalfOfPemda: boolean; actorLabel: string };
    const asPemda = (await submissionsHttp().get(path).set('Authorization', `Bearer ${bandungOperator}`)).body.history as Entry[];
    const asKpk = (await submissionsHttp().get(path).set('Authorization', `Bearer ${admin}`)).body.history as Entry[];
    const pick = (entries: Entry[]) => entries.map(({ kind, actor, onBehalfOfPemda, actorLabel }) => [kind, actor, onBehalfOfPemda, actorLabel]);

    expect(pick(asPemda)).toEqual([
      ['uploaded', 'operator-bandung', false, 'oleh operator-bandung'],
      ['uploaded', 'Admin KPK', true, 'oleh admin KPK atas nama Pemda'],
      ['decided', 'Verifikator KPK', false, 'oleh Verifikator KPK'],
    ]);
    expect(pick(asKpk)).toEqual([
      ['uploaded', 'operator-bandung', false, 'oleh operator-bandung'],
      ['uploaded', 'rina', true, 'oleh admin KPK rina atas nama Pemda'],
      ['decided', 'budi', false, 'oleh Verifikator KPK budi'],
    ]);
    expect(JSON.stringify(asPemda)).not.toMatch(/budi|rina/);
    const versions = async (bearer: string) =>
      ((await submissionsHttp().get(path).set('Authorization', `Bearer ${bearer}`)).body.versions as { submittedBy: string; submittedOnBehalfOfPemda: boolean }[]).map(
        ({ submittedBy, submittedOnBehalfOfPemda }) => [submittedBy, submittedOnBehalfOfPemda],
      );
    expect(await versions(bandungOperator)).toEqual([['operator-bandung', false], ['Admin KPK', true]]);
    expect(await versions(admin)).toEqual([['operator-bandung', false], ['rina', true]]);
  });
});

describe('one truth about where a verifier works', () => {
  it('lets a verifier an admin moved open the new wilayah\'s evidence and refuses the old one\'s, in submissions too', async () => {
    const bandung = await upload(bandungOperator, '32.73', 'bandung evidence', { subIndicatorCode: 'PRC.2.1' });
    const denpasar = await upload(admin, '51.71', 'denpasar evidence');
    const download = async (evidenceId: string) => (await submissionsHttp().get(`/v1/evidence/${evidenceId}/download`).set('Authorization', `Bearer ${dewi}`)).status;
    expect([await download(bandung.id), await download(denpasar.id)]).toEqual([200, 403]);

    expect((await verification.put('/v1/verifiers/dewi/wilayah', admin, { wilayah: 'V' })).status).toBe(200);
    await waitFor('submissions to learn that dewi moved to V', async () => ((await download(denpasar.id)) === 200 ? true : undefined));
    expect(await download(bandung.id)).toBe(403);

    expect((await verification.delete('/v1/verifiers/dewi/wilayah', admin)).status).toBe(204);
    await waitFor("submissions to apply dewi's token wilayah again", async () => ((await download(bandung.id)) === 200 ? true : undefined));
    expect(await download(denpasar.id)).toBe(403);
  });
});
