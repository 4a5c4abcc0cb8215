import 'reflect-metadata';
import {
  createEvent,
  eventSourceOf,
  deadLetterTopicOf,
  DecisionRefused,
  EvidenceVerified,
  FrameworkPublished,
  Topics,
  YearClosed,
  type DecisionRefusedV1,
  type EvidenceVerifiedV1,
  type FrameworkPublishedV1,
  type McpEvent,
  type YearClosedV1,
} from '@mcp/contracts';
import { loadFramework } from '@mcp/master-data';
import type { DirectEventPublisher, EventTap } from '@mcp/messaging/testing';
import { seedReferenceData } from '@mcp/reference-data';
import { createServiceApp, databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import {
  dropSchemas,
  queryTestDatabase,
  serviceTestEnv,
  startEventPublisher,
  startEventTap,
  testDatabaseUrl,
  testToken,
  waitFor,
} from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { tenProblemsJson, tenProblemsWorkbook } from './frameworks/ten-problems.fixture';
import { recomputeYear } from './recompute/recompute-year';
import { scoringService } from './scoring.definition';
import { ScoringConfig } from './scoring-config';

/*
 * Frameworks by year, "as of" queries, targets, explain, path to target, year closing and the
 * recompute, through the scoring service's HTTP API over real Kafka and Postgres. The test year
 * 2096 holds a copy of the 2024 example, imported and published here; the shared topics keep other
 * runs' events, so revision numbers are read from the answers, never assumed.
 *
 * Hand computation (2024 example weights): PRC 12 → PRC.1 33.33 → PRC.1.1 33.33;
 * ANG 13 → ANG.1 40 → ANG.1.1 50.
 *   PRC.1.1 = 100: PRC = 33.33 × 33.33 / 100 = 11.108889, total 12 × 11.108889 / 100 = 1.33306668
 *   ANG.1.1 = 50:  ANG = 40 × 25 / 100 = 10, total += 13 × 10 / 100 = 1.3 → 2.63306668
 */
const YEAR = 2096;
const BANDUNG = '32.73';
const config = loadConfig(ScoringConfig, serviceTestEnv());
const settings = databaseSettingsOf(config, scoringService);
const firstSequence = Math.floor((Date.now() - Date.UTC(2026, 0, 1)) / 1000);

let app: INestApplication;
let publisher: DirectEventPublisher;
let tap: EventTap;
let admin: string;
let analyst: string;

function decision(subIndicatorCode: string, sequence: number, verifiedValue: number, claimedValue = 100) {
  const data: EvidenceVerifiedV1 = {
    decisionId: randomUUID(),
    taskId: randomUUID(),
    sequence: firstSequence + sequence,
    pemdaCode: BANDUNG,
    provinceCode: '32',
    year: YEAR,
    subIndicatorCode,
    outcome: 'approved',
    verifiedValue,
    claimedValue,
    reason: null,
    evidenceIds: [randomUUID()],
    decidedBy: 'verifier-frameworks-test',
    decidedAt: new Date().toISOString(),
  };
  return createEvent(EvidenceVerified, data, eventSourceOf(EvidenceVerified));
}

async function publishDecision(event: McpEvent<EvidenceVerifiedV1>): Promise<void> {
  await publisher.publish(EvidenceVerified, event);
}

async function scoreOf(query = ''): Promise<{ totalExact: string; frameworkRevision: number; changedAt: string } & Record<string, unknown>> {
  const response = await request(app.getHttpServer())
    .get(`/v1/scores/pemda/${BANDUNG}?year=${YEAR}${query}`)
    .set('Authorization', `Bearer ${analyst}`);
  expect(response.status).toBe(200);
  return response.body;
}

function waitForTotal(total: string) {
  return waitFor(`Bandung ${YEAR} at ${total}`, async () => ((await scoreOf()).totalExact === total ? scoreOf() : undefined), {
    timeoutMs: 90_000,
  });
}

function asAdmin(method: 'post' | 'put', path: string) {
  return request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${admin}`);
}

function importJson(document: unknown) {
  return asAdmin('post', '/v1/frameworks/import').send(document as object);
}

function importFile(fileName: string, content: Buffer) {
  return asAdmin('post', '/v1/frameworks/import').attach('file', content, fileName);
}

const revisionRows = async () =>
  Number((await queryTestDatabase<{ count: string }>(`SELECT count(*) FROM scoring.framework_revision`))[0].count);

beforeAll(async () => {
  await dropSchemas(['scoring']);
  await runMigrations(settings);
  await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, 'scoring'));
  app = await createServiceApp(scoringService, config);
  await app.listen(0);
  tap = await startEventTap([Topics.frameworkPublished, Topics.yearClosed, Topics.decisionRefused, deadLetterTopicOf(Topics.evidenceVerified)]);
  publisher = await startEventPublisher('scoring-frameworks-test');
  admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  analyst = await testToken({ role: 'analyst' });
});

afterAll(async () => {
  await publisher?.stop();
  await tap?.stop();
  await app?.close();
});

describe('importing frameworks', () => {
  it.each([2020, 2024, 2025])('imports the shipped %i framework from JSON and from XLSX as drafts', async (year) => {
    const json = await importJson(JSON.parse(readFileSync(join(__dirname, `../../../libs/master-data/data/frameworks/${year}.json`), 'utf8')));
    expect(json.status).toBe(201);
    const workbook = readFileSync(join(__dirname, `../../../libs/master-data/data/frameworks/workbooks/${year}.xlsx`));
    const xlsx = await importFile(`${year}.xlsx`, workbook);
    expect(xlsx.status).toBe(201);
    // The shipped file is revision 1 (seeded): the imports become the next two, as drafts.
    expect([json.body.revision, xlsx.body.revision]).toEqual([2, 3]);
    expect(xlsx.body).toMatchObject({ year, status: 'draft', source: `${year}.xlsx`, importedBy: 'admin-kpk' });
    expect(xlsx.body.counts).toEqual(json.body.counts);
    const listed = await request(app.getHttpServer())
      .get(`/v1/frameworks/${year}/revisions`)
      .set('Authorization', `Bearer ${analyst}`);
    expect(listed.body.map((row: { revision: number; status: string; source: string }) => [row.revision, row.status, row.source])).toEqual([
      [1, 'published', 'shipped-file'],
      [2, 'draft', 'json'],
      [3, 'draft', `${year}.xlsx`],
    ]);
  });

  it('reports all ten problems of a JSON file and of a workbook, and imports nothing', async () => {
    const before = await revisionRows();
    const json = await importJson(tenProblemsJson(YEAR));
    expect(json.status).toBe(422);
    expect(json.body).toMatchObject({ statusCode: 422, error: 'INVALID_FRAMEWORK' });
    expect(json.body.details.problems).toHaveLength(10);
    expect(json.body.message).toContain('10 masalah');
    const xlsx = await importFile('kerangka-rusak.xlsx', await tenProblemsWorkbook(YEAR));
    expect(xlsx.status).toBe(422);
    expect(xlsx.body.details.problems).toHaveLength(10);
    expect(xlsx.body.details.problems.every((problem: { sheet?: string }) => typeof problem.sheet === 'string')).toBe(true);
    expect(await revisionRows()).toBe(before);
  });

  it('refuses a file over MAX_FRAMEWORK_UPLOAD_BYTES with the limit, and imports nothing', async () => {
    const before = await revisionRows();
    const tooLarge = await importFile('kerangka.xlsx', Buffer.alloc(config.MAX_FRAMEWORK_UPLOAD_BYTES + 1));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      statusCode: 413,
      error: 'FRAMEWORK_FILE_TOO_LARGE',
      details: { maxBytes: config.MAX_FRAMEWORK_UPLOAD_BYTES },
    });
    expect(await revisionRows()).toBe(before);
  });

  it("refuses a framework whose upload deadline is not in its year: last year's file with only the year changed", async () => {
    const before = await revisionRows();
    const stale = await importJson({ ...loadFramework(2024), year: YEAR });
    expect([stale.status, stale.body.error]).toEqual([422, 'INVALID_FRAMEWORK']);
    expect(stale.body.details.problems).toEqual([
      { path: 'uploadDeadline', message: `batas unggah 2024-11-30T23:59:59+07:00 tidak berada di tahun ${YEAR} atau ${YEAR + 1}; periksa tahun batas unggah` },
    ]);
    expect(await revisionRows()).toEqual(before);
  });

  it('lets only admins import, and refuses a file type it cannot read', async () => {
    const operator = await testToken({ role: 'pemda-operator', pemdaCode: BANDUNG });
    const refused = await request(app.getHttpServer()).post('/v1/frameworks/import').set('Authorization', `Bearer ${operator}`).send({});
    expect(refused.status).toBe(403);
    const pdf = await importFile('kerangka.pdf', Buffer.from('%PDF-1.7'));
    expect([pdf.status, pdf.body.error]).toEqual([400, 'UNSUPPORTED_FRAMEWORK_FILE']);
  });
});

describe(`the year ${YEAR}: publish, score, as of, a new revision, targets, explain, close`, () => {
  let firstRevision: number;
  let afterFirst: { totalExact: string; changedAt: string };
  let firstDecision: McpEvent<EvidenceVerifiedV1>;
  let beforeRevisionTwo: string;

  it('publishes a framework: stored, announced on the compacted topic, scored against', async () => {
    const draft = await importJson({ ...loadFramework(2024), year: YEAR, uploadDeadline: `${YEAR}-11-30T23:59:59+07:00` });
    expect(draft.status).toBe(201);
    firstRevision = draft.body.revision;
    const published = await asAdmin('post', `/v1/frameworks/${YEAR}/revisions/${firstRevision}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', publishedBy: 'admin-kpk' });
    const event = await waitFor('FrameworkPublished on Kafka', () =>
      tap.of<FrameworkPublishedV1>(FrameworkPublished.type).find((e) => e.data.year === YEAR && e.data.revision === firstRevision),
    );
    expect(event.data.framework.areas).toHaveLength(8);
    const again = await asAdmin('post', `/v1/frameworks/${YEAR}/revisions/${firstRevision}/publish`);
    expect([again.status, again.body.error]).toEqual([409, 'ALREADY_PUBLISHED']);
    // The published row is immutable even for a direct UPDATE.
    await expect(
      queryTestDatabase(`UPDATE scoring.framework_revision SET source = 'x' WHERE year = $1 AND revision = $2`, [YEAR, firstRevision]),
    ).rejects.toThrow(/immutable/);
  });

  it('answers "as of" any instant from the score history, for a Pemda and its regions', async () => {
    firstDecision = decision('PRC.1.1', 1, 100);
    await publishDecision(firstDecision);
    afterFirst = await waitForTotal('1.33306668');
    await publishDecision(decision('ANG.1.1', 1, 50, 100));
    const now = await waitForTotal('2.63306668');
    expect(now).toMatchObject({ frameworkRevision: firstRevision, claimedTotalExact: '3.93306668', claimGapExact: '1.3' });

    const then = await scoreOf(`&asOf=${afterFirst.changedAt}`);
    expect(then).toMatchObject({ totalExact: '1.33306668', asOf: afterFirst.changedAt });
    const before = await scoreOf(`&asOf=${new Date(Date.parse(afterFirst.changedAt) - 1).toISOString()}`);
    expect(before.totalExact).toBe('0');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await scoreOf(`&asOf=${yesterday}`)).totalExact).toBe('0');
    const province = await request(app.getHttpServer())
      .get(`/v1/scores/regions/32?year=${YEAR}&asOf=${afterFirst.changedAt}`)
      .set('Authorization', `Bearer ${analyst}`);
    expect(province.body).toMatchObject({ averageExact: '0.0476095243', pemdaCount: 28 }); // 1.33306668 / 28
    const bad = await request(app.getHttpServer())
      .get(`/v1/scores/pemda/${BANDUNG}?year=${YEAR}&asOf=31-10-2096`)
      .set('Authorization', `Bearer ${analyst}`);
    expect([bad.status, bad.body.error]).toEqual([400, 'INVALID_AS_OF']);
  });

  it('re-scores the year when a corrected revision is published, keeping the old figures in history', async () => {
    beforeRevisionTwo = (await scoreOf()).changedAt;
    const corrected = structuredClone(loadFramework(2024));
    corrected.year = YEAR;
    corrected.uploadDeadline = `${YEAR}-11-30T23:59:59+07:00`;
    corrected.areas[0].weight = 13; // PRC 12 → 13
    corrected.areas[1].weight = 12; // ANG 13 → 12
    const draft = await importJson(corrected);
    const published = await asAdmin('post', `/v1/frameworks/${YEAR}/revisions/${draft.body.revision}/publish`);
    expect(published.status).toBe(200);
    // 13 × 11.108889 / 100 + 12 × 10 / 100 = 1.44415557 + 1.2 = 2.64415557
    expect(await scoreOf()).toMatchObject({ totalExact: '2.64415557', frameworkRevision: draft.body.revision });
    expect(await scoreOf(`&asOf=${beforeRevisionTwo}`)).toMatchObject({
      totalExact: '2.63306668',
      frameworkRevision: firstRevision,
    });
    const national = await request(app.getHttpServer()).get(`/v1/scores/regions/national?year=${YEAR}`).set('Authorization', `Bearer ${analyst}`);
    expect(national.body.averageExact).toBe('0.0048427758'); // 2.64415557 / 546 = 0.00484277577…
  });

  it('refuses a revision that cannot score a decision in force', async () => {
    const misfit = structuredClone(loadFramework(2024));
    misfit.year = YEAR;
    misfit.uploadDeadline = `${YEAR}-11-30T23:59:59+07:00`;
    misfit.areas[1].indicators[0].subIndicators[0].rubricSteps = [0, 100]; // ANG.1.1 is verified at 50
    const draft = await importJson(misfit);
    const refused = await asAdmin('post', `/v1/frameworks/${YEAR}/revisions/${draft.body.revision}/publish`);
    expect([refused.status, refused.body.error]).toEqual([409, 'FRAMEWORK_DOES_NOT_FIT_DECISIONS']);
    expect(refused.body.message).toContain('Pemda 32.73: Nilai 50 untuk subindikator ANG.1.1');
  });

  it('shows the national target by default and a Pemda target an admin sets, with the gap', async () => {
    expect(await scoreOf()).toMatchObject({ target: 75, targetSource: 'national', gapToTargetExact: '72.35584443' });
    const operator = await testToken({ role: 'pemda-operator', pemdaCode: BANDUNG });
    const refused = await request(app.getHttpServer())
      .put(`/v1/scores/pemda/${BANDUNG}/target?year=${YEAR}`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ target: 90 });
    expect(refused.status).toBe(403);
    const set = await asAdmin('put', `/v1/scores/pemda/${BANDUNG}/target?year=${YEAR}`).send({ target: 90 });
    expect(set.body).toEqual({ pemdaCode: BANDUNG, year: YEAR, target: 90, targetSource: 'pemda' });
    expect(await scoreOf()).toMatchObject({ target: 90, targetSource: 'pemda', gapToTargetExact: '87.35584443' });
    const outOfRange = await asAdmin('put', `/v1/scores/pemda/${BANDUNG}/target?year=${YEAR}`).send({ target: 101 });
    expect(outOfRange.status).toBe(400);
  });

  it('explains the score down to the decision and evidence behind each verified value', async () => {
    const response = await request(app.getHttpServer())
      .get(`/v1/scores/pemda/${BANDUNG}/explain?year=${YEAR}`)
      .set('Authorization', `Bearer ${analyst}`);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe('2.64415557');
    const prc = response.body.areas[0];
    expect(prc).toMatchObject({ code: 'PRC', weight: 13, score: '11.108889' });
    expect(prc.indicators[0].subIndicators[0]).toMatchObject({
      code: 'PRC.1.1',
      status: 'approved',
      verifiedValue: 100,
      claimedValue: 100,
      computation: '33.33 × 100 / 100 = 33.33',
    });
    const [stored] = await queryTestDatabase<{ decision_id: string; evidence_ids: string[] }>(
      `SELECT decision_id, evidence_ids FROM scoring.sub_indicator_value WHERE pemda_code = $1 AND year = $2 AND sub_indicator_code = 'PRC.1.1'`,
      [BANDUNG, YEAR],
    );
    expect(prc.indicators[0].subIndicators[0]).toMatchObject({ decisionId: stored.decision_id, evidenceIds: stored.evidence_ids });
  });

  it('lists the fewest open sub-indicators that reach the target', async () => {
    const response = await request(app.getHttpServer())
      .get(`/v1/scores/pemda/${BANDUNG}/path-to-target?year=${YEAR}`)
      .set('Authorization', `Bearer ${analyst}`);
    expect(response.body).toMatchObject({ total: '2.64415557', target: '90', reachable: true });
    const gains: string[] = response.body.priority.map((item: { gainExact: string }) => item.gainExact);
    const sum = (list: string[]) => list.reduce((total, gain) => total + Number(gain), 0);
    expect(2.64415557 + sum(gains)).toBeGreaterThanOrEqual(90);
    expect(2.64415557 + sum(gains.slice(0, -1))).toBeLessThan(90);
    const open: number[] = response.body.open.map((item: { gain: number }) => item.gain);
    expect(open).toEqual([...open].sort((a, b) => b - a));
  });

  it('closes the year: announced, final, late decisions refused with the reason and announced (#74)', async () => {
    const closed = await asAdmin('post', `/v1/years/${YEAR}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ year: YEAR, closed: true, closedBy: 'admin-kpk' });
    const closing = await waitFor('YearClosed on Kafka', () => tap.of<YearClosedV1>(YearClosed.type).find((event) => event.data.year === YEAR));
    // With the scores it closed (#140): open data publishes these without waiting for their own topic.
    const finalScores = await queryTestDatabase<{ pemdaCode: string; total: string }>(
      `SELECT pemda_code AS "pemdaCode", total::text FROM "scoring"."pemda_score" WHERE year = $1 ORDER BY pemda_code`,
      [YEAR],
    );
    expect(finalScores.map(({ pemdaCode }) => pemdaCode)).toContain(BANDUNG);
    expect(closing.data.finalScores).toEqual(finalScores);
    const again = await asAdmin('post', `/v1/years/${YEAR}/close`);
    expect([again.status, again.body.error]).toEqual([409, 'YEAR_ALREADY_CLOSED']);
    // Every page asks whether the year is closed; a Pemda learns that KPK closed it, not which admin (decisions #46).
    const operator = await testToken({ role: 'pemda-operator', pemdaCode: BANDUNG });
    const toPemda = await request(app.getHttpServer()).get(`/v1/years/${YEAR}`).set('Authorization', `Bearer ${operator}`);
    expect(toPemda.body).toMatchObject({ year: YEAR, closed: true, closedBy: 'Admin KPK' });
    const toKpk = await request(app.getHttpServer()).get(`/v1/years/${YEAR}`).set('Authorization', `Bearer ${analyst}`);
    expect(toKpk.body.closedBy).toBe('admin-kpk');

    const late = decision('PBJ.1.1', 1, 100);
    await publishDecision(late);
    const refused = await waitFor('the refusal on Kafka', () =>
      tap.of<DecisionRefusedV1>(DecisionRefused.type).find((event) => event.data.decisionId === late.data.decisionId),
    );
    expect(refused.data).toMatchObject({ refusedEventId: late.id, reasonCode: 'year_closed', sequence: late.data.sequence });
    expect(refused.data.reason).toContain(`tahun ${YEAR} sudah ditutup`);
    // Refused is handled, not failed: the refused event is not a dead letter.
    expect(tap.events.filter((event) => event.topic === deadLetterTopicOf(Topics.evidenceVerified) && event.id === late.id)).toEqual([]);
    expect((await scoreOf()).totalExact).toBe('2.64415557');
    const stored = await queryTestDatabase(`SELECT 1 FROM scoring.decision_log WHERE decision_id = $1`, [late.data.decisionId]);
    expect(stored).toEqual([]);
    // The same decision again under another event id is answered once.
    const again2 = createEvent(EvidenceVerified, late.data, eventSourceOf(EvidenceVerified));
    await publishDecision(again2);
    await waitFor('the second delivery to be handled', async () =>
      (await queryTestDatabase(`SELECT 1 FROM scoring.inbox WHERE event_id = $1`, [again2.id])).length === 1 ? true : undefined,
    );
    const announced = await queryTestDatabase(`SELECT 1 FROM scoring.outbox WHERE topic = $1 AND event->'data'->>'decisionId' = $2`, [
      Topics.decisionRefused,
      late.data.decisionId,
    ]);
    expect(announced).toHaveLength(1);

    // A decision applied while the year was open, delivered again after its closing (another event id, or an
    // inbox pruned and offsets reset): it is in the final score, so it is no late decision to refuse.
    const redelivered = createEvent(EvidenceVerified, firstDecision.data, eventSourceOf(EvidenceVerified));
    await publishDecision(redelivered);
    await waitFor('the redelivery to be handled', async () =>
      (await queryTestDatabase(`SELECT 1 FROM scoring.inbox WHERE event_id = $1`, [redelivered.id])).length === 1 ? true : undefined,
    );
    expect(await queryTestDatabase(`SELECT 1 FROM scoring.refused_decision WHERE decision_id = $1`, [firstDecision.data.decisionId])).toEqual([]);
    expect(
      await queryTestDatabase(`SELECT 1 FROM scoring.outbox WHERE topic = $1 AND event->'data'->>'decisionId' = $2`, [Topics.decisionRefused, firstDecision.data.decisionId]),
    ).toEqual([]);
    expect((await scoreOf()).totalExact).toBe('2.64415557');

    const importLate = await importJson({ ...loadFramework(2024), year: YEAR, uploadDeadline: `${YEAR}-11-30T23:59:59+07:00` });
    expect([importLate.status, importLate.body.error]).toEqual([409, 'YEAR_CLOSED']);
  });

  it('recomputes the year from the stored decisions without a difference, and would see one', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: testDatabaseUrl, schema: settings.schema });
    await dataSource.initialize();
    try {
      const progress: number[] = [];
      const report = await recomputeYear(dataSource, YEAR, (done) => void progress.push(done));
      expect(report).toMatchObject({ year: YEAR, pemdaChecked: 546, decisionsRead: 2, regionsChecked: 44, differences: [] });
      expect(progress.at(-1)).toBe(546);
      // One snapshot: a change committed while the check runs (here after the first Pemda, before
      // Bandung is read) is not half-seen as a difference.
      const tamperMidRun = async (done: number) => {
        if (done === 1) await queryTestDatabase(`UPDATE scoring.pemda_score SET total = total + 0.000001 WHERE pemda_code = $1 AND year = $2`, [BANDUNG, YEAR]);
      };
      expect((await recomputeYear(dataSource, YEAR, tamperMidRun)).differences).toEqual([]);
      await dataSource.query(`UPDATE scoring.pemda_score SET total = total - 0.000001 WHERE pemda_code = $1 AND year = $2`, [BANDUNG, YEAR]);
      // The check can fail: a tampered total is found (and restored).
      await dataSource.query(`UPDATE scoring.pemda_score SET total = total + 0.000001 WHERE pemda_code = $1 AND year = $2`, [BANDUNG, YEAR]);
      const tampered = await recomputeYear(dataSource, YEAR);
      expect(tampered.differences).toEqual([{ key: BANDUNG, field: 'total', stored: '2.64415657', recomputed: '2.64415557' }]);
      await dataSource.query(`UPDATE scoring.pemda_score SET total = total - 0.000001 WHERE pemda_code = $1 AND year = $2`, [BANDUNG, YEAR]);
    } finally {
      await dataSource.destroy();
    }
  });
});
