import { VerificationHarness } from './verification-harness';

/*
 * Done-when 4 of the queue: the manager views against a hand-built day in Wilayah IV, with every
 * upload time given explicitly and every action taken at a ManualClock time (WIB = UTC+7).
 *
 *   upload (submittedAt)     claimed / decided (clock)                upload → decision
 *   u7 73.06  12-09 09:00    P 12-09 23:00 / approved 23:30 (12-09)    52,200 s, previous day
 *   u1 73.01  12-09 06:30    P 12-10 06:00 / approved 06:30            86,400 s (12-09 23:30 UTC:
 *                                                                       counts on 12-10 in Jakarta)
 *   u2 73.02  12-09 20:00    P 09:30 / approved 10:00                  50,400 s
 *                            P corrects u1 at 11:00                    a correction: not counted
 *   u3 73.03  12-10 06:00    Q 11:30 / rejected 12:00                  21,600 s
 *   u4 73.04  12-10 02:00    P 12:30 / approved 13:00                  39,600 s
 *   u6 64.01  12-08 10:00    Q 16:00, extended 16:50 (lease to 17:50)  claimed
 *   u8 73.07  12-10 14:00    R 16:10 (lease to 17:10, lapses)          open again
 *   u5 73.05  12-10 16:00    never claimed                             open
 * Asked at 12-10 17:30 WIB, leases of 60 minutes:
 *   Wilayah IV: open 2 (u5, u8), claimed 1 (u6), decided 4: {21600, 39600, 50400, 86400}
 *     median (39600 + 50400) / 2 = 45000; p90 at rank 0.9 × 3 = 2.7: 50400 + 0.7 × 36000 = 75600;
 *     oldest waiting u6 (since 12-08 10:00 WIB = 03:00 UTC).
 *   P: claimed 0, decided 3 {39600, 50400, 86400}: median 50400, p90 at 1.8: 50400 + 0.8 × 36000 = 79200.
 *   Q: claimed 1 (u6, also its oldest), decided 1: median = p90 = 21600.   R: nothing to show.
 *   On 12-09: decided 1 (u7), median = p90 = 52200.
 */
const harness = new VerificationHarness({ env: { CLAIM_LEASE_MINUTES: '60' }, startAt: '2024-12-09T16:00:00Z', withScoring: false });
const wib = (local: string) => new Date(`${local}+07:00`).toISOString();
const tokens: Record<'p' | 'q' | 'r' | 'admin' | 'qaIV' | 'qaIII', string> = { p: '', q: '', r: '', admin: '', qaIV: '', qaIII: '' };
const taskOf: Record<string, string> = {};

const post = (path: string, token: string, body: object = {}) => harness.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
const get = (path: string, token: string) => harness.http().get(path).set('Authorization', `Bearer ${token}`);

async function uploadAndClaim(name: string, pemdaCode: string, submittedAt: string, at: string, who: string): Promise<string> {
  harness.clock.set(wib(at));
  await harness.upload({ pemdaCode, submittedAt: wib(submittedAt) });
  const claimed = await post('/v1/tasks/claim', who);
  expect(claimed.status).toBe(200);
  expect(claimed.body.pemdaCode).toBe(pemdaCode);
  taskOf[name] = claimed.body.id;
  return claimed.body.id;
}

async function decideAt(at: string, task: string, who: string, body: object): Promise<string> {
  harness.clock.set(wib(at));
  const decided = await post(`/v1/tasks/${task}/decision`, who, body);
  expect(decided.status).toBe(201);
  return decided.body.decisionId;
}

beforeAll(async () => {
  await harness.start();
  tokens.p = await harness.token('verifier-p', ['verifier'], 'IV');
  tokens.q = await harness.token('verifier-q', ['verifier'], 'IV');
  tokens.r = await harness.token('verifier-r', ['verifier'], 'IV');
  tokens.admin = await harness.token('admin-kpk', ['admin']);
  tokens.qaIV = await harness.token('qa-iv', ['qa'], 'IV');
  tokens.qaIII = await harness.token('qa-iii', ['qa'], 'III');

  const approve = { outcome: 'approved', verifiedValue: 100 };
  await decideAt('2024-12-09T23:30', await uploadAndClaim('u7', '73.06', '2024-12-09T09:00', '2024-12-09T23:00', tokens.p), tokens.p, approve);
  const u1 = await decideAt('2024-12-10T06:30', await uploadAndClaim('u1', '73.01', '2024-12-09T06:30', '2024-12-10T06:00', tokens.p), tokens.p, approve);
  await decideAt('2024-12-10T10:00', await uploadAndClaim('u2', '73.02', '2024-12-09T20:00', '2024-12-10T09:30', tokens.p), tokens.p, { outcome: 'approved', verifiedValue: 50 });
  harness.clock.set(wib('2024-12-10T11:00'));
  expect((await post(`/v1/decisions/${u1}/correction`, tokens.p, { outcome: 'approved', verifiedValue: 50 })).status).toBe(201);
  await decideAt('2024-12-10T12:00', await uploadAndClaim('u3', '73.03', '2024-12-10T06:00', '2024-12-10T11:30', tokens.q), tokens.q, {
    outcome: 'rejected',
    reasonCode: 'BELUM_DISAHKAN',
    note: 'SK belum ditandatangani bupati',
  });
  await decideAt('2024-12-10T13:00', await uploadAndClaim('u4', '73.04', '2024-12-10T02:00', '2024-12-10T12:30', tokens.p), tokens.p, approve);
  await uploadAndClaim('u6', '64.01', '2024-12-08T10:00', '2024-12-10T16:00', tokens.q);
  await uploadAndClaim('u8', '73.07', '2024-12-10T14:00', '2024-12-10T16:10', tokens.r);
  harness.clock.set(wib('2024-12-10T16:20'));
  await harness.upload({ pemdaCode: '73.05', submittedAt: wib('2024-12-10T16:00') });
  harness.clock.set(wib('2024-12-10T16:50'));
  expect((await post(`/v1/tasks/${taskOf.u6}/extend`, tokens.q)).status).toBe(200);
  harness.clock.set(wib('2024-12-10T17:30'));
}, 180_000);

afterAll(async () => {
  await harness.stop();
});

const u6Waiting = { pemdaCode: '64.01', year: 2024, subIndicatorCode: 'PRC.1.1', waitingSince: '2024-12-08T03:00:00.000Z', pausedSeconds: 0 };
const quiet = { open: 0, claimed: 0, pausedNow: 0, decidedToday: 0, medianSecondsToDecision: null, p90SecondsToDecision: null, oldestWaiting: null };

it('gives an admin every wilayah for today in Jakarta, with the hand-computed numbers', async () => {
  const response = await get('/v1/stats/wilayah', tokens.admin);
  expect(response.status).toBe(200);
  expect(response.body).toEqual([
    { wilayah: 'I', date: '2024-12-10', ...quiet },
    { wilayah: 'II', date: '2024-12-10', ...quiet },
    { wilayah: 'III', date: '2024-12-10', ...quiet },
    {
      wilayah: 'IV',
      date: '2024-12-10',
      open: 2,
      claimed: 1,
      pausedNow: 0,
      decidedToday: 4,
      medianSecondsToDecision: 45000,
      p90SecondsToDecision: 75600,
      oldestWaiting: { taskId: taskOf.u6, ...u6Waiting },
    },
    { wilayah: 'V', date: '2024-12-10', ...quiet },
  ]);
});

it('counts the previous Jakarta day on its own', async () => {
  const response = await get('/v1/stats/wilayah?date=2024-12-09', tokens.qaIV);
  expect(response.body).toEqual([
    expect.objectContaining({ wilayah: 'IV', date: '2024-12-09', decidedToday: 1, medianSecondsToDecision: 52200, p90SecondsToDecision: 52200 }),
  ]);
});

it('breaks a wilayah down per verifier', async () => {
  const response = await get('/v1/stats/wilayah/IV/verifiers', tokens.qaIV);
  expect(response.status).toBe(200);
  expect(response.body).toEqual([
    { verifier: 'verifier-p', wilayah: 'IV', date: '2024-12-10', claimed: 0, pausedNow: 0, decidedToday: 3, medianSecondsToDecision: 50400, p90SecondsToDecision: 79200, oldestWaiting: null },
    {
      verifier: 'verifier-q',
      wilayah: 'IV',
      date: '2024-12-10',
      claimed: 1,
      pausedNow: 0,
      decidedToday: 1,
      medianSecondsToDecision: 21600,
      p90SecondsToDecision: 21600,
      oldestWaiting: { taskId: taskOf.u6, ...u6Waiting },
    },
  ]);
});

it("shows a verifier their own queue and history", async () => {
  const queue = await get('/v1/my/tasks', tokens.q);
  expect(queue.body).toMatchObject({ wilayah: 'IV', openInWilayah: 2, claimed: [{ id: taskOf.u6, pemdaCode: '64.01' }] });
  expect(queue.body.next.map((task: { pemdaCode: string }) => task.pemdaCode)).toEqual(['73.07', '73.05']);
  const history = await get('/v1/my/decisions', tokens.p);
  expect(history.body.map((d: { pemdaCode: string; kind: string }) => `${d.pemdaCode} ${d.kind}`)).toEqual([
    '73.04 first',
    '73.01 correction',
    '73.02 first',
    '73.01 first',
    '73.06 first',
  ]);
});

it('keeps the views to managers of the wilayah', async () => {
  expect((await get('/v1/stats/wilayah/IV/verifiers', tokens.qaIII)).status).toBe(403);
  expect((await get('/v1/stats/wilayah', tokens.p)).status).toBe(403);
  expect((await get('/v1/stats/wilayah?date=10-12-2024', tokens.admin)).body.error).toBe('INVALID_DATE');
});

it('documents every queue route in its OpenAPI description', async () => {
  const response = await harness.http().get('/docs-json');
  expect(response.status).toBe(200);
  expect(Object.keys(response.body.paths)).toEqual(
    expect.arrayContaining([
      '/v1/tasks/claim',
      '/v1/tasks/{id}/decision',
      '/v1/tasks/{id}/extend',
      '/v1/tasks/{id}/release',
      '/v1/tasks/{id}/reassign',
      '/v1/decisions/{id}/correction',
      '/v1/qa/reviews/{id}/overturn',
      '/v1/verifiers/{subject}/wilayah',
      '/v1/stats/wilayah',
      '/v1/stats/wilayah/{wilayah}/verifiers',
      '/v1/my/tasks',
      '/v1/my/decisions',
      '/v1/rejection-reasons',
    ]),
  );
});
