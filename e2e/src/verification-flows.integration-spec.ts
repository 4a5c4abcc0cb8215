import { Decimal } from '@mcp/mcp-domain';
import { documentedAnswerProblems, queryTestDatabase } from '@mcp/testing';
import { VerificationHarness } from './verification-harness';

/*
 * Done-when 2 of the queue: lease expiry, release, reassignment (of a task and of a verifier),
 * correction and QA overturn, each ending with the right score in the real scoring service over
 * real Kafka. Time moves on a ManualClock (leases of 5 minutes), never by sleeping.
 *
 * Every scenario is one Kota/Kabupaten of Jawa Barat (Wilayah III) with one item, PRC.1.1 of the
 * shipped 2024 example framework: PRC 12 × PRC.1 33.33 × PRC.1.1 33.33 / 10000 = 1.33306668 per
 * 100 points, so approved at 100 scores 1.33306668 and at 50 scores 0.66653334.
 */
const FULL = '1.33306668';
const HALF = new Decimal(FULL).div(2).toString();

const harness = new VerificationHarness({
  env: { CLAIM_LEASE_MINUTES: '5', QA_SAMPLE_PERCENT: '100', CORRECTION_PERIOD_DAYS: '7' },
  startAt: '2024-12-02T01:00:00Z',
  withScoring: true,
});
let ana: string; // verifier, III
let budi: string; // verifier, III
let citra: string; // verifier, III
let dewi: string; // verifier, III, later moved to V by an admin
let admin: string;
let qaEka: string; // qa, III
let anaAsQa: string; // the same person as ana, with the qa role

beforeAll(async () => {
  await harness.start();
  ana = await harness.token('ana', ['verifier'], 'III');
  budi = await harness.token('budi', ['verifier'], 'III');
  citra = await harness.token('citra', ['verifier'], 'III');
  dewi = await harness.token('dewi', ['verifier'], 'III');
  admin = await harness.token('admin-kpk', ['admin']);
  qaEka = await harness.token('eka', ['qa'], 'III');
  anaAsQa = await harness.token('ana', ['qa'], 'III');
}, 180_000);

afterAll(async () => {
  await harness.stop();
});

const post = (path: string, token: string, body: object = {}) => harness.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
const get = (path: string, token: string) => harness.http().get(path).set('Authorization', `Bearer ${token}`);
const claim = (token: string) => post('/v1/tasks/claim', token);
const decide = (taskId: string, token: string, body: object) => post(`/v1/tasks/${taskId}/decision`, token, body);

async function claimOnly(token: string, pemdaCode: string): Promise<{ id: string; evidenceChangedAt: string }> {
  const response = await claim(token);
  expect(response.status).toBe(200);
  expect(response.body.pemdaCode).toBe(pemdaCode);
  return response.body;
}

describe('leases', () => {
  it('returns a task whose lease expired to the queue: the old holder is refused, the next claimer decides', async () => {
    await harness.upload({ pemdaCode: '32.01' });
    const task = await claimOnly(ana, '32.01');
    harness.clock.advanceMinutes(6);
    expect((await decide(task.id, ana, { outcome: 'approved', verifiedValue: 100 })).status).toBe(409);
    expect((await post(`/v1/tasks/${task.id}/extend`, ana)).body.error).toBe('NOT_CLAIM_HOLDER');
    const view = await get(`/v1/tasks/${task.id}`, budi);
    expect(view.body).toMatchObject({ status: 'open', claimedBy: null });

    const again = await claimOnly(budi, '32.01');
    expect(again.id).toBe(task.id);
    const decided = await decide(task.id, budi, { outcome: 'approved', verifiedValue: 100, evidenceChangedAt: again.evidenceChangedAt });
    expect(decided.status).toBe(201);
    await harness.waitForTotal('32.01', FULL);
    const entries = (await get(`/v1/tasks/${task.id}/history`, admin)).body;
    const history = entries.map((entry: { kind: string; actor: string }) => `${entry.kind}:${entry.actor}`);
    expect(history).toEqual(['evidence_added:operator-32.01', 'claimed:ana', 'lease_expired:ana', 'claimed:budi', 'decided:budi']);
    expect(documentedAnswerProblems('verification', 'get', '/v1/tasks/{id}/history', 200, entries)).toEqual([]);
  });

  it('lets the holder extend a lease before it runs out', async () => {
    await harness.upload({ pemdaCode: '32.08' });
    const task = await claimOnly(ana, '32.08');
    harness.clock.advanceMinutes(4);
    const extended = await post(`/v1/tasks/${task.id}/extend`, ana);
    expect(extended.status).toBe(200);
    expect(extended.body.leaseExpiresAt).toBe(new Date(harness.clock.now().getTime() + 5 * 60_000).toISOString());
    harness.clock.advanceMinutes(4);
    expect((await claim(budi)).status).toBe(204);
    const decided = await decide(task.id, ana, { outcome: 'approved', verifiedValue: 50 });
    expect(decided.status).toBe(201);
    // The same decision sent again (its answer lost on a weak line) is told it was taken, and which
    // one; another verifier is told only that the task is not theirs.
    const again = await decide(task.id, ana, { outcome: 'approved', verifiedValue: 50 });
    expect([again.status, again.body.error, again.body.details]).toEqual([409, 'TASK_ALREADY_DECIDED', { decisionId: decided.body.decisionId }]);
    expect((await decide(task.id, budi, { outcome: 'approved', verifiedValue: 50 })).body.error).toBe('NOT_CLAIM_HOLDER');
    await harness.waitForTotal('32.08', HALF);
  });

  it('puts a released task back in the queue at once', async () => {
    await harness.upload({ pemdaCode: '32.02' });
    const task = await claimOnly(ana, '32.02');
    const released = await post(`/v1/tasks/${task.id}/release`, ana);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'open', claimedBy: null });
    expect((await decide(task.id, ana, { outcome: 'approved', verifiedValue: 100 })).status).toBe(409);
    const again = await claimOnly(budi, '32.02');
    expect(again.id).toBe(task.id);
    expect((await decide(task.id, budi, { outcome: 'approved', verifiedValue: 50 })).status).toBe(201);
    await harness.waitForTotal('32.02', HALF);
  });
});

describe('reassignment', () => {
  it('moves a claimed task to another verifier: the old holder is refused, the new one decides', async () => {
    await harness.upload({ pemdaCode: '32.03' });
    const task = await claimOnly(ana, '32.03');
    const moved = await post(`/v1/tasks/${task.id}/reassign`, admin, { verifier: 'budi' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'claimed', claimedBy: 'budi' });
    expect((await post(`/v1/tasks/${task.id}/reassign`, ana, { verifier: 'ana' })).status).toBe(403);
    expect((await decide(task.id, ana, { outcome: 'approved', verifiedValue: 100 })).status).toBe(409);
    expect((await decide(task.id, budi, { outcome: 'approved', verifiedValue: 100 })).status).toBe(201);
    await harness.waitForTotal('32.03', FULL);
  });

  it('puts a claimed task back in the queue for the next verifier', async () => {
    await harness.upload({ pemdaCode: '32.04' });
    const task = await claimOnly(ana, '32.04');
    expect((await post(`/v1/tasks/${task.id}/reassign`, admin, {})).body).toMatchObject({ status: 'open', claimedBy: null });
    expect((await claimOnly(citra, '32.04')).id).toBe(task.id);
    const rejected = await decide(task.id, citra, { outcome: 'rejected', reasonCode: 'DOKUMEN_TIDAK_LENGKAP', note: 'Lampiran SSH tidak ada' });
    expect(rejected.status).toBe(201);
    await harness.waitForTotal('32.04', '0', 2024, rejected.body.decisionId);
    const [event] = await queryTestDatabase<{ reason: string }>(
      // The decision may also be sampled for QA: that event carries the decisionId too.
      `SELECT event->'data'->>'reason' AS reason FROM verification.outbox
       WHERE topic = 'mcp.evidence.verified.v1' AND event->'data'->>'decisionId' = $1`,
      [rejected.body.decisionId],
    );
    expect(event.reason).toBe('Dokumen tidak lengkap: Lampiran SSH tidak ada');
  });

  it('moves a verifier to another wilayah: their claim returns to the queue and they only see their new wilayah', async () => {
    await harness.upload({ pemdaCode: '32.05' });
    const task = await claimOnly(dewi, '32.05');
    const moved = await harness.http().put('/v1/verifiers/dewi/wilayah').set('Authorization', `Bearer ${admin}`).send({ wilayah: 'V' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ subject: 'dewi', wilayah: 'V', releasedTaskIds: [task.id] });
    expect((await decide(task.id, dewi, { outcome: 'approved', verifiedValue: 100 })).status).toBe(403);
    expect((await claim(dewi)).status).toBe(204);
    expect((await get('/v1/my/tasks', dewi)).body).toMatchObject({ wilayah: 'V', claimed: [], openInWilayah: 0 });
    expect((await post(`/v1/tasks/${task.id}/reassign`, admin, { verifier: 'dewi' })).body.error).toBe('VERIFIER_IN_OTHER_WILAYAH');

    expect((await claimOnly(ana, '32.05')).id).toBe(task.id);
    expect((await decide(task.id, ana, { outcome: 'approved', verifiedValue: 100 })).status).toBe(201);
    await harness.waitForTotal('32.05', FULL);
    await harness.upload({ pemdaCode: '51.71' });
    const inV = await claimOnly(dewi, '51.71');
    expect((await harness.http().delete('/v1/verifiers/dewi/wilayah').set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    expect((await get('/v1/my/tasks', dewi)).body.wilayah).toBe('III');
    // Back in III by her token: her claim in V would have sat there, undecidable by her, until its lease ran out (#151).
    expect(await queryTestDatabase('SELECT status, claimed_by FROM verification.task WHERE id = $1', [inV.id])).toEqual([{ status: 'open', claimed_by: null }]);
  });
});

describe('corrections', () => {
  it("replaces a verifier's own decision with a new one within the period; the old one stays in history", async () => {
    await harness.upload({ pemdaCode: '32.06' });
    const task = await claimOnly(ana, '32.06');
    const first = await decide(task.id, ana, { outcome: 'approved', verifiedValue: 100 });
    expect(first.body).toMatchObject({ sequence: 1, kind: 'first' });
    await harness.waitForTotal('32.06', FULL);

    expect((await post(`/v1/decisions/${first.body.decisionId}/correction`, budi, { outcome: 'approved', verifiedValue: 50 })).body.error).toBe('NOT_YOUR_DECISION');
    harness.clock.advanceMinutes(60 * 24 * 6);
    const corrected = await post(`/v1/decisions/${first.body.decisionId}/correction`, ana, { outcome: 'approved', verifiedValue: 50 });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ sequence: 2, kind: 'correction' });
    await harness.waitForTotal('32.06', HALF);

    const view = await get(`/v1/tasks/${task.id}`, ana);
    expect(view.body.decisions.map((d: { sequence: number; kind: string; verifiedValue: number }) => [d.sequence, d.kind, d.verifiedValue])).toEqual([
      [1, 'first', 100],
      [2, 'correction', 50],
    ]);
    expect((await post(`/v1/decisions/${first.body.decisionId}/correction`, ana, { outcome: 'approved', verifiedValue: 0 })).body.error).toBe('DECISION_SUPERSEDED');
    harness.clock.advanceMinutes(60 * 24 + 1);
    const late = await post(`/v1/decisions/${corrected.body.decisionId}/correction`, ana, { outcome: 'approved', verifiedValue: 0 });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('CORRECTION_PERIOD_OVER');
    const mine = await get('/v1/my/decisions', ana);
    expect(mine.body.filter((d: { pemdaCode: string }) => d.pemdaCode === '32.06').map((d: { kind: string }) => d.kind)).toEqual(['correction', 'first']);
  });
});

describe('quality assurance', () => {
  it('samples a decision; a QA reviewer other than its verifier overturns it and the score follows', async () => {
    await harness.upload({ pemdaCode: '32.07' });
    const task = await claimOnly(ana, '32.07');
    const decided = await decide(task.id, ana, { outcome: 'approved', verifiedValue: 100 });
    expect(decided.body).not.toHaveProperty('sampledForQa');
    await harness.waitForTotal('32.07', FULL);

    const queue = await get('/v1/qa/reviews', qaEka);
    const review = queue.body.find((item: { decision: { id: string } }) => item.decision.id === decided.body.decisionId);
    expect(review).toMatchObject({ status: 'pending', wilayah: 'III' });
    expect((await post(`/v1/qa/reviews/${review.id}/overturn`, anaAsQa, { outcome: 'approved', verifiedValue: 50, note: 'x' })).status).toBe(403);

    const overturned = await post(`/v1/qa/reviews/${review.id}/overturn`, qaEka, {
      outcome: 'approved',
      verifiedValue: 50,
      note: 'Lampiran hanya memuat sebagian SSH',
    });
    expect(overturned.status).toBe(200);
    expect(overturned.body).toMatchObject({ status: 'overturned', reviewedBy: 'eka' });
    await harness.waitForTotal('32.07', HALF);
    const decisions = (await get(`/v1/tasks/${task.id}`, qaEka)).body.decisions;
    expect(decisions.map((d: { kind: string; decidedBy: string; verifiedValue: number }) => [d.kind, d.decidedBy, d.verifiedValue])).toEqual([
      ['first', 'ana', 100],
      ['qa-overturn', 'eka', 50],
    ]);
    expect((await post(`/v1/qa/reviews/${review.id}/confirm`, qaEka)).body.error).toBe('QA_ALREADY_REVIEWED');
    expect((await post(`/v1/decisions/${decided.body.decisionId}/correction`, ana, { outcome: 'approved', verifiedValue: 100 })).body.error).toBe('DECISION_SUPERSEDED');
  });

  it('records a confirmation without a new decision', async () => {
    await harness.upload({ pemdaCode: '32.09' });
    const task = await claimOnly(ana, '32.09');
    const decided = await decide(task.id, ana, { outcome: 'approved', verifiedValue: 50 });
    const review = (await get('/v1/qa/reviews', qaEka)).body.find((item: { decision: { id: string } }) => item.decision.id === decided.body.decisionId);
    const confirmed = await post(`/v1/qa/reviews/${review.id}/confirm`, qaEka, { note: 'Sesuai rubrik' });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', reviewedBy: 'eka', note: 'Sesuai rubrik', overturnDecisionId: null });
    await harness.waitForTotal('32.09', HALF);
    expect(await queryTestDatabase('SELECT 1 FROM verification.decision WHERE task_id = $1', [task.id])).toHaveLength(1);

    // Sampled later, confirmed later: the settled list starts with what was reviewed last (the
    // pending one is a queue, oldest first). Sampled a minute apart, so the old order (sampled
    // first) is a different order, not a tie broken by random ids.
    harness.clock.advanceMinutes(1);
    await harness.upload({ pemdaCode: '32.13' });
    const later = await claimOnly(ana, '32.13');
    const laterDecision = await decide(later.id, ana, { outcome: 'approved', verifiedValue: 50 });
    const laterReview = (await get('/v1/qa/reviews', qaEka)).body.find((item: { decision: { id: string } }) => item.decision.id === laterDecision.body.decisionId);
    harness.clock.advanceMinutes(1);
    expect((await post(`/v1/qa/reviews/${laterReview.id}/confirm`, qaEka)).status).toBe(200);
    const settled = (await get('/v1/qa/reviews?status=confirmed', qaEka)).body as { id: string }[];
    expect(settled.map((item) => item.id)).toEqual([laterReview.id, review.id]);
  });
});

describe('new evidence while in review', () => {
  it('shows the holder that the evidence changed and refuses a decision on what they saw before', async () => {
    const first = await harness.upload({ pemdaCode: '32.10' });
    const task = await claimOnly(ana, '32.10');
    harness.clock.advanceMinutes(1);
    const second = await harness.upload({ pemdaCode: '32.10', claimedValue: 50 });
    const view = (await get(`/v1/tasks/${task.id}`, ana)).body;
    expect(view.evidenceChangedSinceClaim).toBe(true);
    expect(view.evidence.map((item: { evidenceId: string }) => item.evidenceId)).toEqual([first.evidenceId, second.evidenceId]);
    expect(view.evidence[1].downloadUrl).toBe(`http://127.0.0.1:3001/v1/evidence/${second.evidenceId}/download`);

    const stale = await decide(task.id, ana, { outcome: 'approved', verifiedValue: 50, evidenceChangedAt: task.evidenceChangedAt });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('EVIDENCE_CHANGED');
    expect((await decide(task.id, ana, { outcome: 'approved', verifiedValue: 50 })).body.error).toBe('EVIDENCE_CHANGED');
    expect((await decide(task.id, ana, { outcome: 'approved', verifiedValue: 50, evidenceChangedAt: view.evidenceChangedAt })).status).toBe(201);
    await harness.waitForTotal('32.10', HALF);
  });
});

describe('a claim racing the evidence it claims', () => {
  it('lets the claimer decide evidence that was committed after the claim read its clock', async () => {
    // A claim reads its clock, then runs its statement; evidence committed in between (its intake
    // read a later clock) is what the claimer gets. Here that intake's clock is a minute ahead.
    const evidence = await harness.upload({ pemdaCode: '32.12' });
    await queryTestDatabase(
      `UPDATE verification.task SET evidence_changed_at = evidence_changed_at + interval '1 minute'
        WHERE id = (SELECT task_id FROM verification.task_evidence WHERE evidence_id = $1)`,
      [evidence.evidenceId],
    );
    const task = await claimOnly(ana, '32.12');
    const decided = await decide(task.id, ana, { outcome: 'approved', verifiedValue: 100 });
    expect({ status: decided.status, body: decided.body }).toEqual({ status: 201, body: expect.objectContaining({ kind: 'first' }) });
  });
});

describe('revision rounds', () => {
  it('sends a task back once; the new upload reopens it; a second revision request is refused', async () => {
    await harness.upload({ pemdaCode: '32.11' });
    const task = await claimOnly(ana, '32.11');
    const revision = await decide(task.id, ana, { outcome: 'revision_requested', note: 'Unggah SK yang sudah ditandatangani' });
    expect(revision.status).toBe(201);
    await harness.waitForTotal('32.11', '0', 2024, revision.body.decisionId);
    expect((await get(`/v1/tasks/${task.id}`, ana)).body).toMatchObject({ status: 'revision_requested', revisionRounds: 1 });

    harness.clock.advanceMinutes(60);
    await harness.upload({ pemdaCode: '32.11' });
    const reopened = await claimOnly(budi, '32.11');
    expect(reopened.id).toBe(task.id);
    const refused = await decide(task.id, budi, { outcome: 'revision_requested', note: 'Masih kurang' });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/sudah 1 kali dikembalikan untuk revisi \(batas 1\)/);
    expect((await decide(task.id, budi, { outcome: 'approved', verifiedValue: 100 })).status).toBe(201);
    await harness.waitForTotal('32.11', FULL);
  });
});
