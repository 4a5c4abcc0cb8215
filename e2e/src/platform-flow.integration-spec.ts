import { createEvent,
  eventSourceOf, EvidenceVerified, Topics, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { Decimal } from '@mcp/mcp-domain';
import { documentedAnswerProblems, publishEvents, queryTestDatabase, testToken, waitFor } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Hand computation with the shipped 2024 example framework (libs/master-data/data/frameworks/2024.json):
 *   PRC (area weight 12) → PRC.1 (indicator weight 33.33) → PRC.1.1 (sub weight 33.33)
 *   approved at 100: indicator = 33.33 × 100 / 100 = 33.33
 *                    area      = 33.33 × 33.33 / 100 = 11.108889
 *                    total     = 12 × 11.108889 / 100 = 1.33306668
 *   ANG (13) → ANG.1 (40) → ANG.1.1 (50) approved at 50:
 *                    indicator = 50 × 50 / 100 = 25; area = 40 × 25 / 100 = 10; total += 13 × 10 / 100 = 1.3
 *   PBJ (14) → PBJ.1 (30) → PBJ.1.1 (50) approved at 100 (the marker after a duplicate):
 *                    indicator = 50; area = 30 × 50 / 100 = 15; total += 14 × 15 / 100 = 2.1
 * Kota Bandung (32.73) is in Jawa Barat (32), whose 28 Pemda (province + 18 kabupaten + 9 kota)
 * form the province average; national averages over all 546 Pemda (see the scoring API docs).
 */
const PEMDA = '32.73';
const PROVINCE = '32';
const TOTAL_AFTER_FIRST = new Decimal('1.33306668');
const TOTAL_AFTER_SECOND = TOTAL_AFTER_FIRST.plus('1.3');
const TOTAL_AFTER_MARKER = TOTAL_AFTER_SECOND.plus('2.1');

const platform = new PlatformUnderTest();
let operator: string;
let verifier: string;
let otherWilayahVerifier: string;
let analyst: string;

beforeAll(async () => {
  await platform.prepare();
  await platform.startAll();
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  otherWilayahVerifier = await testToken({ role: 'verifier', subject: 'verifier-papua', wilayah: 'V' });
  analyst = await testToken({ role: 'analyst' });
  // 2024's upload deadline (30 November 2024, 23.59 WIB) has passed: an admin first extends it for
  // Kota Bandung, as KPK does for a Pemda that asks.
  const admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  const extension = await request(platform.http('submissions') as never)
    .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ year: 2024, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji alur end-to-end' });
  expect(extension.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await platform.stopAll();
});

function upload(subIndicatorCode: string, fields: Record<string, string> = {}, token = operator) {
  const call = request(platform.http('submissions') as never)
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${token}`)
    .field('pemdaCode', fields.pemdaCode ?? PEMDA)
    .field('year', fields.year ?? '2024')
    .field('subIndicatorCode', subIndicatorCode);
  if (fields.claimedValue) call.field('claimedValue', fields.claimedValue);
  return call.attach('file', Buffer.from(`%PDF-1.7 bukti ${subIndicatorCode}`), `SK ${subIndicatorCode}.pdf`);
}

async function claimTask(expectedSubIndicator: string): Promise<{ id: string; evidence: { evidenceId: string }[] }> {
  return waitFor(`a task for ${expectedSubIndicator} to be claimable`, async () => {
    const response = await request(platform.http('verification') as never)
      .post('/v1/tasks/claim')
      .set('Authorization', `Bearer ${verifier}`);
    if (response.status === 204) return undefined;
    expect(response.status).toBe(200);
    expect(response.body.subIndicatorCode).toBe(expectedSubIndicator);
    return response.body;
  });
}

function decide(taskId: string, body: object, token = verifier) {
  return request(platform.http('verification') as never)
    .post(`/v1/tasks/${taskId}/decision`)
    .set('Authorization', `Bearer ${token}`)
    .send(body);
}

async function pemdaScore(): Promise<{ total: number; totalExact: string }> {
  const response = await request(platform.http('scoring') as never)
    .get(`/v1/scores/pemda/${PEMDA}?year=2024`)
    .set('Authorization', `Bearer ${operator}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function waitForTotal(expected: Decimal): Promise<void> {
  await waitFor(`the Pemda total to become ${expected}`, async () =>
    new Decimal((await pemdaScore()).totalExact).equals(expected),
  );
}

describe('one evidence upload through all five services', () => {
  let firstTaskId: string;
  let firstEvidenceId: string;

  it('uploads, queues, claims, approves, scores, aggregates, notifies and reports', async () => {
    const uploaded = await upload('PRC.1.1', { claimedValue: '100' });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      pemdaCode: PEMDA,
      year: 2024,
      subIndicatorCode: 'PRC.1.1',
      sizeBytes: Buffer.byteLength('%PDF-1.7 bukti PRC.1.1'),
      status: 'submitted',
    });
    expect(uploaded.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    firstEvidenceId = uploaded.body.id;

    const task = await claimTask('PRC.1.1');
    firstTaskId = task.id;
    expect(task.evidence.map((item) => item.evidenceId)).toEqual([firstEvidenceId]);
    const decided = await decide(task.id, { outcome: 'approved', verifiedValue: 100 });
    expect({ status: decided.status, body: decided.body }).toEqual({ status: 201, body: expect.objectContaining({ kind: 'first' }) });

    await waitForTotal(TOTAL_AFTER_FIRST);
    const score = await pemdaScore();
    expect(score.total).toBe(1.33);

    const province = await request(platform.http('scoring') as never)
      .get(`/v1/scores/regions/${PROVINCE}?year=2024`)
      .set('Authorization', `Bearer ${analyst}`);
    expect(province.body).toMatchObject({ regionCode: PROVINCE, year: 2024, pemdaCount: 28 });
    expect(new Decimal(province.body.averageExact).toDecimalPlaces(8).equals(TOTAL_AFTER_FIRST.div(28).toDecimalPlaces(8))).toBe(true);
    const national = await request(platform.http('scoring') as never)
      .get('/v1/scores/regions/national?year=2024')
      .set('Authorization', `Bearer ${analyst}`);
    expect(national.body).toMatchObject({ regionCode: 'national', pemdaCount: 546 });
    expect(new Decimal(national.body.averageExact).toDecimalPlaces(8).equals(TOTAL_AFTER_FIRST.div(546).toDecimalPlaces(8))).toBe(true);

    const notifications = await waitFor('the approval notification', async () => {
      const response = await request(platform.http('notification') as never)
        .get('/v1/notifications')
        .set('Authorization', `Bearer ${operator}`);
      return response.body.length === 1 ? response.body : undefined;
    });
    // The Pemda's feed names what a code stands for, as its people's inbox and e-mail do.
    expect(notifications[0]).toMatchObject({ pemdaCode: PEMDA, kind: 'approved', subIndicatorCode: 'PRC.1.1', title: 'Dokumen disetujui: PRC.1.1 (Kota Bandung, 32.73)' });
    expect(notifications[0].body).toMatch(/sub-indikator PRC\.1\.1 ".+" tahun 2024/);
    expect(documentedAnswerProblems('notification', 'get', '/v1/notifications', 200, notifications)).toEqual([]);

    const report = await waitFor('the reporting read model', async () => {
      const response = await request(platform.http('reporting') as never)
        .get(`/v1/reports/pemda/${PEMDA}?year=2024`)
        .set('Authorization', `Bearer ${analyst}`);
      return response.body.total === 1.33 ? response.body : undefined;
    });
    expect(report).toMatchObject({ pemdaCode: PEMDA, name: 'Kota Bandung', provinceCode: PROVINCE });
    const provinces = await waitFor('the province ranking', async () => {
      const response = await request(platform.http('reporting') as never)
        .get('/v1/reports/provinces?year=2024')
        .set('Authorization', `Bearer ${analyst}`);
      return response.body[0]?.provinceCode === PROVINCE ? response.body : undefined;
    });
    expect(provinces).toHaveLength(38);
    expect(provinces[0]).toMatchObject({ rank: 1, provinceCode: PROVINCE, pemdaCount: 28, average: 0.05 });
    const nationalReport = await request(platform.http('reporting') as never)
      .get('/v1/reports/national?year=2024')
      .set('Authorization', `Bearer ${analyst}`);
    expect(nationalReport.body).toMatchObject({ year: 2024, pemdaCount: 546, average: 0 });

    const evidence = await waitFor('the evidence to show its decision', async () => {
      const response = await request(platform.http('submissions') as never)
        .get(`/v1/evidence/${firstEvidenceId}`)
        .set('Authorization', `Bearer ${operator}`);
      return response.body.status === 'approved' ? response.body : undefined;
    });
    expect(evidence.claimedValue).toBe(100);

    // Every answer above is what docs/openapi says that route answers (types, nulls, required fields).
    expect([
      ...documentedAnswerProblems('submissions', 'post', '/v1/evidence', 201, uploaded.body),
      ...documentedAnswerProblems('submissions', 'get', '/v1/evidence/{id}', 200, evidence),
      ...documentedAnswerProblems('verification', 'post', '/v1/tasks/claim', 200, task),
      ...documentedAnswerProblems('verification', 'post', '/v1/tasks/{id}/decision', 201, decided.body),
      ...documentedAnswerProblems('scoring', 'get', '/v1/scores/pemda/{pemdaCode}', 200, score),
      ...documentedAnswerProblems('scoring', 'get', '/v1/scores/regions/{regionCode}', 200, province.body),
      ...documentedAnswerProblems('scoring', 'get', '/v1/scores/regions/{regionCode}', 200, national.body),
      ...documentedAnswerProblems('reporting', 'get', '/v1/reports/pemda/{pemdaCode}', 200, report),
      ...documentedAnswerProblems('reporting', 'get', '/v1/reports/provinces', 200, provinces),
      ...documentedAnswerProblems('reporting', 'get', '/v1/reports/national', 200, nationalReport.body),
    ]).toEqual([]);
  });

  it('processes events produced while a consumer was stopped once it starts again', async () => {
    await platform.stop('scoring');
    try {
      expect((await upload('ANG.1.1', { claimedValue: '100' })).status).toBe(201);
      const task = await claimTask('ANG.1.1');
      const decided = await decide(task.id, { outcome: 'approved', verifiedValue: 50 });
      expect({ status: decided.status, body: decided.body }).toEqual({ status: 201, body: expect.objectContaining({ kind: 'first' }) });
      // The decision is durable on Kafka while scoring is down: the notification service sees it.
      await waitFor('the second notification', async () => {
        const response = await request(platform.http('notification') as never)
          .get('/v1/notifications')
          .set('Authorization', `Bearer ${operator}`);
        return response.body.length === 2;
      });
    } finally {
      // Whatever happened above, the later tests need scoring running.
      await platform.start('scoring');
    }
    await waitForTotal(TOTAL_AFTER_SECOND);
  });

  it('changes nothing when an event is delivered a second time', async () => {
    const [first] = await queryTestDatabase<{ event: { id: string; data: EvidenceVerifiedV1 } }>(
      `SELECT event FROM verification.outbox WHERE topic = $1 AND event->'data'->>'taskId' = $2`,
      [Topics.evidenceVerified, firstTaskId],
    );
    const marker = createEvent(
      EvidenceVerified,
      {
        ...first.event.data,
        decisionId: randomUUID(),
        taskId: randomUUID(),
        subIndicatorCode: 'PBJ.1.1',
        evidenceIds: [randomUUID()],
      },
      eventSourceOf(EvidenceVerified),
    );
    // The duplicate and then a marker on the same key (same partition): once the marker's effect
    // shows, every consumer has already handled the duplicate before it.
    await publishEvents(EvidenceVerified, first.event as McpEvent<EvidenceVerifiedV1>, marker);

    await waitForTotal(TOTAL_AFTER_MARKER);
    const notifications = await waitFor('the marker notification', async () => {
      const response = await request(platform.http('notification') as never)
        .get('/v1/notifications')
        .set('Authorization', `Bearer ${operator}`);
      return response.body.length >= 3 ? response.body : undefined;
    });
    expect(notifications).toHaveLength(3);
    const scoreEvents = await queryTestDatabase<{ count: string }>(
      `SELECT count(*) FROM scoring.outbox WHERE topic = $1`,
      [Topics.scoreUpdated],
    );
    expect(Number(scoreEvents[0].count)).toBe(3);
  });
});

describe('bad input is refused with a clear message and leaves nothing behind', () => {
  const countEvidenceRows = async () =>
    Number((await queryTestDatabase<{ count: string }>('SELECT count(*) FROM submissions.evidence'))[0].count);
  const storedFiles = () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
      );
    return walk(platform.storageDir).length;
  };

  it.each([
    ['an unknown Pemda', { pemdaCode: '99.99' }, 'admin', 404, /Pemda 99\.99 tidak dikenal/],
    ['an unknown sub-indicator', { subIndicatorCode: 'XYZ.9.9' }, 'operator', 404, /Sub-indikator XYZ\.9\.9 tidak ada/],
    ['a year without a framework', { year: '2019' }, 'operator', 404, /Kerangka MCP tahun 2019 tidak tersedia/],
    ['a year that is not a number', { year: 'dua ribu' }, 'operator', 400, /year/],
    ['a claimed value off the rubric', { claimedValue: '70' }, 'operator', 422, /bukan salah satu langkah rubrik 0\/50\/100/],
    ["another Pemda's code", { pemdaCode: '32.74' }, 'operator', 403, /32\.74/],
    ['a verifier uploading', {}, 'verifier', 403, /pemda-operator/],
  ])('refuses %s', async (_case, fields: Record<string, string>, who, status, message) => {
    const rowsBefore = await countEvidenceRows();
    const filesBefore = storedFiles();
    const token = who === 'verifier' ? verifier : who === 'admin' ? await testToken({ role: 'admin' }) : operator;
    const response = await upload(fields.subIndicatorCode ?? 'PRC.1.2', fields, token);
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body.message)).toMatch(message);
    expect(await countEvidenceRows()).toBe(rowsBefore);
    expect(storedFiles()).toBe(filesBefore);
  });

  it('refuses an upload without a file, and one without a token', async () => {
    const withoutFile = await request(platform.http('submissions') as never)
      .post('/v1/evidence')
      .set('Authorization', `Bearer ${operator}`)
      .field('pemdaCode', PEMDA)
      .field('year', '2024')
      .field('subIndicatorCode', 'PRC.1.2');
    expect(withoutFile.status).toBe(400);
    expect(withoutFile.body).toMatchObject({ error: 'MISSING_FILE' });
    const withoutToken = await request(platform.http('submissions') as never).post('/v1/evidence');
    expect(withoutToken.status).toBe(401);
  });

  it('refuses decisions from the wrong wilayah, from a non-holder, and off the rubric', async () => {
    expect((await upload('PRC.1.3')).status).toBe(201);
    const task = await claimTask('PRC.1.3');
    const wrongWilayah = await decide(task.id, { outcome: 'approved', verifiedValue: 100 }, otherWilayahVerifier);
    expect(wrongWilayah.status).toBe(403);
    const sameWilayahOtherPerson = await testToken({ role: 'verifier', subject: 'verifier-lain', wilayah: 'III' });
    const notHolder = await decide(task.id, { outcome: 'approved', verifiedValue: 100 }, sameWilayahOtherPerson);
    expect(notHolder.status).toBe(409);
    expect(notHolder.body.message).toMatch(/tidak sedang memegang tugas ini/);
    const offRubric = await decide(task.id, { outcome: 'approved', verifiedValue: 70 });
    expect(offRubric.status).toBe(422);
    const noReason = await decide(task.id, { outcome: 'rejected' });
    expect(noReason.status).toBe(400);
    const decisions = await queryTestDatabase('SELECT * FROM verification.decision WHERE task_id = $1', [task.id]);
    expect(decisions).toHaveLength(0);
    expect((await decide(task.id, { outcome: 'rejected', reason: 'Dokumen tidak terbaca' })).status).toBe(201);
  });
});
