import { EvidenceSubmitted, EvidenceWithdrawn, YearClosed, type EvidenceSubmittedV1 } from '@mcp/contracts';
import { queryTestDatabase, waitFor } from '@mcp/testing';
import { VerificationHarness } from './verification-harness';

/*
 * Done-when 3 of the queue: every refused action answers with a clear 4xx message and changes
 * nothing: no decision row, no event in the outbox, no QA verdict, no history entry, the task
 * row untouched. Also what happens to withdrawn evidence and to decisions once a year is closed.
 */
const harness = new VerificationHarness({ env: { CLAIM_LEASE_MINUTES: '30', QA_SAMPLE_PERCENT: '100' }, startAt: '2024-12-02T01:00:00Z', withScoring: false });
let ana: string; // verifier, III
let budi: string; // verifier, III
let papua: string; // verifier, V
let anaAsQa: string;
let qaEka: string;
let claimedTask: { id: string; evidenceChangedAt: string };
let decidedTask: { id: string; decisionId: string; reviewId: string };

const post = (path: string, token: string, body: object = {}) => harness.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
const get = (path: string, token: string) => harness.http().get(path).set('Authorization', `Bearer ${token}`);

async function claimOnly(token: string, pemdaCode: string): Promise<{ id: string; evidenceChangedAt: string }> {
  const response = await post('/v1/tasks/claim', token);
  expect(response.status).toBe(200);
  expect(response.body.pemdaCode).toBe(pemdaCode);
  return response.body;
}

/** Everything a refused action could have touched. */
async function snapshot(): Promise<unknown> {
  const count = async (table: string) => Number((await queryTestDatabase<{ count: string }>(`SELECT count(*) FROM verification.${table}`))[0].count);
  return {
    decisions: await count('decision'),
    outbox: await count('outbox'),
    history: await count('task_history'),
    reviews: await queryTestDatabase('SELECT id, status, reviewed_by, overturn_decision_id FROM verification.qa_review ORDER BY id'),
    tasks: await queryTestDatabase('SELECT id, status, claimed_by, claimed_at, lease_expires_at, outcome, revision_rounds, evidence_changed_at, updated_at FROM verification.task ORDER BY id'),
  };
}

beforeAll(async () => {
  await harness.start();
  ana = await harness.token('ana', ['verifier'], 'III');
  budi = await harness.token('budi', ['verifier'], 'III');
  papua = await harness.token('verifier-papua', ['verifier'], 'V');
  anaAsQa = await harness.token('ana', ['qa'], 'III');
  qaEka = await harness.token('eka', ['qa'], 'III');

  await harness.upload({ pemdaCode: '32.73' });
  const decided = await claimOnly(ana, '32.73');
  const decision = await post(`/v1/tasks/${decided.id}/decision`, ana, { outcome: 'approved', verifiedValue: 100 });
  const [review] = await queryTestDatabase<{ id: string }>('SELECT id FROM verification.qa_review WHERE decision_id = $1', [decision.body.decisionId]);
  decidedTask = { id: decided.id, decisionId: decision.body.decisionId, reviewId: review.id };

  await harness.upload({ pemdaCode: '32.74' });
  claimedTask = await claimOnly(ana, '32.74');
}, 180_000);

afterAll(async () => {
  await harness.stop();
});

describe('refused actions change nothing', () => {
  const approve100 = { outcome: 'approved', verifiedValue: 100 };
  it.each<[string, () => Promise<{ status: number; body: { message: string } }>, number, RegExp]>([
    ['a decision from another wilayah', () => post(`/v1/tasks/${claimedTask.id}/decision`, papua, approve100), 403, /tidak berwenang bertindak untuk Wilayah III/],
    ['a look at a task of another wilayah', () => get(`/v1/tasks/${claimedTask.id}`, papua), 403, /Wilayah III/],
    ['an extension from another wilayah', () => post(`/v1/tasks/${claimedTask.id}/extend`, papua), 403, /Wilayah III/],
    ['a decision by someone who does not hold the claim', () => post(`/v1/tasks/${claimedTask.id}/decision`, budi, approve100), 409, /tidak sedang memegang tugas ini/],
    ['a release by someone who does not hold the claim', () => post(`/v1/tasks/${claimedTask.id}/release`, budi), 409, /tidak sedang memegang tugas ini/],
    ['a value that is not a rubric step', () => post(`/v1/tasks/${claimedTask.id}/decision`, ana, { outcome: 'approved', verifiedValue: 70 }), 422, /Nilai 70 bukan langkah rubrik 0\/50\/100/],
    ['an approval without a value', () => post(`/v1/tasks/${claimedTask.id}/decision`, ana, { outcome: 'approved' }), 400, /verifiedValue is required/],
    ['a rejection with an unlisted reason code', () => post(`/v1/tasks/${claimedTask.id}/decision`, ana, { outcome: 'rejected', reasonCode: 'MALAS', note: 'x' }), 422, /Kode alasan MALAS tidak ada dalam daftar: DOKUMEN_TIDAK_SESUAI/],
    ['a rejection without a note', () => post(`/v1/tasks/${claimedTask.id}/decision`, ana, { outcome: 'rejected', reasonCode: 'DOKUMEN_TIDAK_LENGKAP' }), 400, /Catatan \(note\) wajib diisi/],
    ['QA of one’s own decision', () => post(`/v1/qa/reviews/${decidedTask.reviewId}/overturn`, anaAsQa, { outcome: 'approved', verifiedValue: 50, note: 'x' }), 403, /tidak boleh meninjau keputusan Anda sendiri/],
    ['QA confirmation of one’s own decision', () => post(`/v1/qa/reviews/${decidedTask.reviewId}/confirm`, anaAsQa), 403, /keputusan Anda sendiri/],
    ['a QA overturn to a value off the rubric', () => post(`/v1/qa/reviews/${decidedTask.reviewId}/overturn`, qaEka, { outcome: 'approved', verifiedValue: 70, note: 'x' }), 422, /bukan langkah rubrik/],
    ['a correction of someone else’s decision', () => post(`/v1/decisions/${decidedTask.decisionId}/correction`, budi, { outcome: 'approved', verifiedValue: 50 }), 403, /Hanya verifikator yang memutuskan/],
    ['a reassignment by a verifier', () => post(`/v1/tasks/${claimedTask.id}/reassign`, ana, { verifier: 'budi' }), 403, /admin/],
  ])('refuses %s', async (_case, act, status, message) => {
    const before = await snapshot();
    const response = await act();
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body.message)).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });
});

describe('withdrawn evidence', () => {
  const withdraw = (evidence: EvidenceSubmittedV1) =>
    harness.publish(EvidenceWithdrawn, {
      evidenceId: evidence.evidenceId,
      pemdaCode: evidence.pemdaCode,
      provinceCode: evidence.provinceCode,
      year: evidence.year,
      subIndicatorCode: evidence.subIndicatorCode,
      reason: 'Salah unggah',
      withdrawnBy: evidence.submittedBy,
      withdrawnAt: harness.clock.now().toISOString(),
    });
  const outcomeOf = (evidenceId: string) =>
    waitFor(`the withdrawal of ${evidenceId}`, async () => {
      const rows = await queryTestDatabase<{ outcome: string }>('SELECT outcome FROM verification.evidence_withdrawal WHERE evidence_id = $1', [evidenceId]);
      return rows[0]?.outcome;
    });
  const statusOf = async (taskId: string) => (await queryTestDatabase<{ status: string }>('SELECT status FROM verification.task WHERE id = $1', [taskId]))[0].status;

  it('cancels an unclaimed task whose only file is withdrawn; a later upload opens a new task', async () => {
    const evidence = await harness.upload({ pemdaCode: '32.75' });
    const taskId = await harness.taskOfEvidence(evidence.evidenceId);
    await withdraw(evidence);
    expect(await outcomeOf(evidence.evidenceId)).toBe('removed-task-cancelled');
    expect(await statusOf(taskId as string)).toBe('cancelled');
    expect((await post('/v1/tasks/claim', budi)).status).toBe(204);
    const again = await harness.upload({ pemdaCode: '32.75' });
    expect(await harness.taskOfEvidence(again.evidenceId)).not.toBe(taskId);
    const task = await claimOnly(budi, '32.75');
    expect(task.id).toBe(await harness.taskOfEvidence(again.evidenceId));
    expect((await post(`/v1/tasks/${task.id}/decision`, budi, { outcome: 'approved', verifiedValue: 100 })).status).toBe(201);
  });

  it('removes one file of several and keeps the task in the queue', async () => {
    const first = await harness.upload({ pemdaCode: '32.76' });
    const second = await harness.upload({ pemdaCode: '32.76' });
    await withdraw(first);
    expect(await outcomeOf(first.evidenceId)).toBe('removed');
    const taskId = (await harness.taskOfEvidence(second.evidenceId)) as string;
    expect(await statusOf(taskId)).toBe('open');
    const view = await get(`/v1/tasks/${taskId}`, budi);
    expect(view.body.evidence.map((item: { evidenceId: string }) => item.evidenceId)).toEqual([second.evidenceId]);
    expect((await claimOnly(budi, '32.76')).id).toBe(taskId);
    expect((await post(`/v1/tasks/${taskId}/decision`, budi, { outcome: 'approved', verifiedValue: 50 })).status).toBe(201);
  });

  it('keeps a file withdrawn after the task was claimed, marked, and makes the holder look again', async () => {
    const evidence = await harness.upload({ pemdaCode: '32.77' });
    const task = await claimOnly(budi, '32.77');
    harness.clock.advanceMinutes(1);
    await withdraw(evidence);
    expect(await outcomeOf(evidence.evidenceId)).toBe('kept-claimed');
    const view = (await get(`/v1/tasks/${task.id}`, budi)).body;
    expect(view).toMatchObject({ status: 'claimed', evidenceChangedSinceClaim: true });
    expect(view.evidence[0].withdrawnAt).toBe(harness.clock.now().toISOString());
    expect((await post(`/v1/tasks/${task.id}/decision`, budi, { outcome: 'rejected', note: 'Ditarik Pemda' })).body.error).toBe('EVIDENCE_CHANGED');
    const decided = await post(`/v1/tasks/${task.id}/decision`, budi, { outcome: 'rejected', note: 'Ditarik Pemda', evidenceChangedAt: view.evidenceChangedAt });
    expect(decided.status).toBe(201);
  });

  it('lets a file withdrawn under a claim leave the task once the holder lets it go, and cancels a task left with none (#151)', async () => {
    const evidence = await harness.upload({ pemdaCode: '32.79' });
    const task = await claimOnly(budi, '32.79');
    harness.clock.advanceMinutes(1);
    await withdraw(evidence);
    expect(await outcomeOf(evidence.evidenceId)).toBe('kept-claimed');
    expect((await post(`/v1/tasks/${task.id}/release`, budi)).status).toBeLessThan(300);
    // The next claim would have handed the withdrawn file to a new verifier, whose decision submissions would apply to it.
    expect((await post('/v1/tasks/claim', budi)).status).toBe(204);
    expect(await statusOf(task.id)).toBe('cancelled');
    expect(await queryTestDatabase('SELECT 1 FROM verification.task_evidence WHERE task_id = $1', [task.id])).toEqual([]);
  });

  it('puts a task back to waiting for the revision when the file sent for it is withdrawn (#151)', async () => {
    const first = await harness.upload({ pemdaCode: '32.71' });
    const task = await claimOnly(budi, '32.71');
    harness.clock.advanceMinutes(1);
    const beforeDecision = new Date(harness.clock.now().getTime() - 1000).toISOString();
    expect((await post(`/v1/tasks/${task.id}/decision`, budi, { outcome: 'revision_requested', note: 'Unggah SK yang sudah ditandatangani' })).status).toBe(201);
    harness.clock.advanceMinutes(1);
    const revised = await harness.upload({ pemdaCode: '32.71' });
    expect(await harness.taskOfEvidence(revised.evidenceId)).toBe(task.id);
    expect(await statusOf(task.id)).toBe('open');
    harness.clock.advanceMinutes(1);
    await withdraw(revised);
    expect(await outcomeOf(revised.evidenceId)).toBe('removed');
    // Not back in the queue on the file already judged inadequate: the Pemda still owes the revision.
    expect(await statusOf(task.id)).toBe('revision_requested');
    expect((await post('/v1/tasks/claim', budi)).status).toBe(204);
    expect(await harness.taskOfEvidence(first.evidenceId)).toBe(task.id);

    // A file uploaded just before the decision whose event arrived after it is new to the task: it must be judged,
    // whatever its submittedAt says (submissions' clock); a later file withdrawn beside it does not park the task.
    harness.clock.advanceMinutes(1);
    const crossed = await harness.upload({ pemdaCode: '32.71', submittedAt: beforeDecision });
    const later = await harness.upload({ pemdaCode: '32.71' });
    harness.clock.advanceMinutes(1);
    await withdraw(later);
    expect(await outcomeOf(later.evidenceId)).toBe('removed');
    expect([await harness.taskOfEvidence(crossed.evidenceId), await statusOf(task.id)]).toEqual([task.id, 'open']);
  });

  it('never queues a file whose withdrawal arrived before its upload', async () => {
    const early = harness.evidence({ pemdaCode: '32.78', subIndicatorCode: 'PRC.1.2' });
    await withdraw(early);
    expect(await outcomeOf(early.evidenceId)).toBe('before-intake');
    await harness.publish(EvidenceSubmitted, early);
    // Same Pemda, same topic partition: once this later upload is in, the early one was handled.
    await harness.upload({ pemdaCode: '32.78', subIndicatorCode: 'PRC.1.3' });
    expect(await harness.taskOfEvidence(early.evidenceId)).toBeUndefined();
  });
});

describe('a closed year', () => {
  beforeAll(async () => {
    await harness.publish(YearClosed, { year: 2024, closedAt: harness.clock.now().toISOString(), closedBy: 'admin-kpk' });
    await waitFor('the year to be closed', async () => (await queryTestDatabase('SELECT 1 FROM verification.closed_year WHERE year = 2024')).length === 1);
  });

  it('takes its unfinished tasks out of the queue', async () => {
    const [row] = await queryTestDatabase<{ status: string }>('SELECT status FROM verification.task WHERE id = $1', [claimedTask.id]);
    expect(row.status).toBe('year_closed');
    expect((await post('/v1/tasks/claim', budi)).status).toBe(204);
  });

  it.each<[string, () => Promise<{ status: number; body: { message: string; error: string } }>]>([
    ['a decision by the former holder', () => post(`/v1/tasks/${claimedTask.id}/decision`, ana, { outcome: 'approved', verifiedValue: 100, evidenceChangedAt: claimedTask.evidenceChangedAt })],
    ['a correction', () => post(`/v1/decisions/${decidedTask.decisionId}/correction`, ana, { outcome: 'approved', verifiedValue: 50 })],
    ['a QA overturn', () => post(`/v1/qa/reviews/${decidedTask.reviewId}/overturn`, qaEka, { outcome: 'approved', verifiedValue: 50, note: 'x' })],
    ['a QA confirmation', () => post(`/v1/qa/reviews/${decidedTask.reviewId}/confirm`, qaEka)],
  ])('refuses %s', async (_case, act) => {
    const before = await snapshot();
    const response = await act();
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('YEAR_CLOSED');
    expect(response.body.message).toMatch(/Tahun 2024 sudah ditutup/);
    expect(await snapshot()).toEqual(before);
  });
});
