import {
  AggregateUpdated,
  createEvent,
  eventSourceOf,
  EvidenceSubmitted,
  EvidenceVerified,
  EvidenceWithdrawn,
  exampleAggregateUpdated,
  exampleScoreUpdated,
  ScoreSnapshot,
  ScoreUpdated,
  Topics,
  type AggregateUpdatedV1,
  type EvidenceVerifiedV1,
  type ScoreSnapshotV1,
  type ScoreUpdatedV1,
  type McpEvent,
} from '@mcp/contracts';
import { describeTopicConfigs } from '@mcp/messaging';
import { loadFramework } from '@mcp/master-data';
import { Decimal, formatLocalTime, KPK_TIME_ZONE } from '@mcp/mcp-domain';
import {
  publishEvents,
  queryTestDatabase,
  repositoryRoot,
  serviceTestEnv,
  startEventTap,
  testKafkaClient,
  testToken,
  waitFor,
} from '@mcp/testing';
import { parse as parseCsv } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import {
  claimGapOf,
  completenessOf,
  evidenceTrail,
  itemStates,
  turnaroundOf,
  type EvidenceTrail,
} from './evidence-trail.scenario';
import { kafkaSettingsOf, loadConfig } from '@mcp/service-runtime';
import { ReadModelRebuild } from '../../services/reporting/src/rebuild/read-model-rebuild';
import { ReportingConfig } from '../../services/reporting/src/reporting-config';
import { reportingService } from '../../services/reporting/src/reporting.definition';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Scoring turns decisions into score and aggregate events over the real broker; reporting builds
 * its read models from those events alone. Every figure reporting answers is checked against a
 * computation of our own over the scores scoring stored (not over any event), so a mistake in the
 * contract, the producer or the projection shows up as a difference.
 */
const YEAR = 2024;
// A low open-data limit, so the rate-limit test reaches it quickly.
const OPEN_DATA_LIMIT = 25;
const platform = new PlatformUnderTest({ OPEN_DATA_REQUESTS_PER_MINUTE: String(OPEN_DATA_LIMIT) });
let analyst: string;

interface StoredScore {
  pemda_code: string;
  total: string;
  areas: { code: string; score: string }[];
}
interface PemdaRow {
  code: string;
  kind: string;
  province_code: string;
  wilayah: string;
}

const framework = loadFramework(YEAR);
const subIndicators = framework.areas.flatMap((area) =>
  area.indicators.flatMap((indicator) => indicator.subIndicators.map((sub) => sub.code)),
);

/** A deterministic spread of decisions: several provinces, every kind, and two Pemda tied on purpose. */
function decisions(pemda: PemdaRow[]): McpEvent<EvidenceVerifiedV1>[] {
  const chosen = pemda.filter((row) => ['32', '51', '11', '64'].includes(row.province_code)).slice(0, 60);
  const events: McpEvent<EvidenceVerifiedV1>[] = [];
  chosen.forEach((row, index) => {
    // 32.73 and 32.04 get the same decisions, so they tie (competition ranking: same rank, next skips).
    const seed = row.code === '32.04' ? chosen.findIndex((other) => other.code === '32.73') : index;
    const count = 1 + (seed % 5);
    for (let k = 0; k < count; k += 1) {
      const subIndicatorCode = subIndicators[(seed * 7 + k * 3) % subIndicators.length];
      const data: EvidenceVerifiedV1 = {
        decisionId: randomUUID(),
        taskId: randomUUID(),
        sequence: 1,
        pemdaCode: row.code,
        provinceCode: row.province_code,
        year: YEAR,
        subIndicatorCode,
        outcome: 'approved',
        verifiedValue: (seed + k) % 2 === 0 ? 100 : 50,
        claimedValue: 100,
        reason: null,
        evidenceIds: [randomUUID()],
        decidedBy: 'verifier-read-models-test',
        decidedAt: new Date().toISOString(),
      };
      if (!events.some((event) => event.data.pemdaCode === row.code && event.data.subIndicatorCode === subIndicatorCode)) {
        events.push(createEvent(EvidenceVerified, data, eventSourceOf(EvidenceVerified)));
      }
    }
  });
  return events;
}

/** Reporting has applied every event scoring has published. */
async function reportingCaughtUp(): Promise<void> {
  await waitFor(
    'reporting to apply every score and aggregate event of scoring',
    async () => {
      const [{ pending }] = await queryTestDatabase<{ pending: string }>(
        `SELECT count(*) AS pending FROM scoring.outbox o
         WHERE o.topic IN ('mcp.score.updated.v1', 'mcp.aggregate.updated.v1')
           AND NOT EXISTS (SELECT 1 FROM reporting.inbox i WHERE i.event_id = o.event_id)`,
      );
      return Number(pending) === 0 || undefined;
    },
    { timeoutMs: 120_000 },
  );
}

function get(path: string) {
  return request(platform.http('reporting') as never).get(path).set('Authorization', `Bearer ${analyst}`);
}

const average = (sum: Decimal, count: number) => sum.dividedBy(count).toFixed(10, Decimal.ROUND_HALF_UP);
const published = (exact: string) => Number(new Decimal(exact).toFixed(2, Decimal.ROUND_HALF_UP));

/** Competition ranking computed the plain way: one more than the number of higher figures. */
function independentRanks(rows: { code: string; total: number }[]): Map<string, number> {
  return new Map(rows.map((row) => [row.code, 1 + rows.filter((other) => other.total > row.total).length]));
}

let pemda: PemdaRow[];
let scores: Map<string, StoredScore>;
/** The decisions scoring turned into scores (approvals without uploads reporting knows of). */
let sent: McpEvent<EvidenceVerifiedV1>[];
/** Uploads, withdrawals and decisions of Pemda in Jawa Timur and Sulawesi Selatan, dated in the year. */
let trail: EvidenceTrail;
/** Score and aggregate events of the year's months, for the month-end series. */
let seriesScores: McpEvent<ScoreUpdatedV1>[];
let seriesAggregates: McpEvent<AggregateUpdatedV1>[];
// The series is of the next year: the open-data tests below expect 2024's month ends to hold only their own scores.
const SERIES_YEAR = YEAR + 1;
const SERIES_PEMDA = '35';
const SERIES_REGION = '35';

/** The month-end series of the year's score events: the last one computed before each month ended (WIB). */
function seriesAt(events: { at: string; value: string }[], months: string[]): { month: string; scoreExact: string }[] {
  return months.map((month) => {
    const [y, m] = month.split('-').map(Number);
    const end = Date.UTC(y, m, 1) - 7 * 3600 * 1000;
    const before = events.filter((event) => Date.parse(event.at) < end).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return { month, scoreExact: before.length > 0 ? before[before.length - 1].value : '0' };
  });
}

beforeAll(async () => {
  await platform.prepare();
  await platform.start('scoring');
  await platform.start('reporting');
  analyst = await testToken({ role: 'analyst' });
  pemda = await queryTestDatabase<PemdaRow>('SELECT code, kind, province_code, wilayah FROM scoring.pemda ORDER BY code');
  sent = decisions(pemda);
  trail = evidenceTrail(
    ['35', '73'].flatMap((province) => pemda.filter((row) => row.province_code === province).slice(0, 12)),
    subIndicators,
    YEAR,
  );
  const series = (computedAt: string, total: string) =>
    createEvent(
      ScoreUpdated,
      exampleScoreUpdated({ pemdaCode: SERIES_PEMDA, provinceCode: '35', wilayah: 'III', year: SERIES_YEAR, total, areas: [], computedAt }),
      eventSourceOf(ScoreUpdated),
    );
  // May 31 16:59:59 UTC is still May in WIB, 17:00 is June; 64.995 is published as 65 "as of October".
  seriesScores = [
    series('2025-03-15T00:00:00.000Z', '10.005'),
    series('2025-05-31T16:59:59.000Z', '20'),
    series('2025-05-31T17:00:00.000Z', '30.5'),
    series('2025-10-20T05:00:00.000Z', '64.995'),
  ];
  // As a newer scoring would write them: with properties this build does not know, at the top and
  // in each area. The live batch consumer and the rebuild read them without (docs/decisions.md #208).
  seriesAggregates = [
    ['2025-04-01T00:00:00.000Z', '1.5'],
    ['2025-09-30T18:00:00.000Z', '2.25'],
  ].map(([updatedAt, average]) => {
    const event = createEvent(
      AggregateUpdated,
      exampleAggregateUpdated({ regionCode: SERIES_REGION, regionKind: 'province', year: SERIES_YEAR, average, scoreSum: '57', pemdaCount: 39, updatedAt }),
      eventSourceOf(AggregateUpdated),
    );
    Object.assign(event.data, {
      medianAverage: average,
      areas: event.data.areas?.map((area) => ({ ...area, weightShare: '0.5' })),
    });
    return event;
  });
  await publishEvents(EvidenceSubmitted, ...trail.submitted);
  await publishEvents(EvidenceWithdrawn, ...trail.withdrawn);
  await publishEvents(EvidenceVerified, ...sent, ...trail.verified);
  await publishEvents(ScoreUpdated, ...seriesScores);
  await publishEvents(AggregateUpdated, ...seriesAggregates);
  const decided = [...sent, ...trail.verified].map((event) => event.id);
  await waitFor(
    `${decided.length} decisions in the scoring inbox`,
    async () => {
      const [{ count }] = await queryTestDatabase<{ count: string }>(
        `SELECT count(*) FROM scoring.inbox WHERE event_id = ANY($1::uuid[])`,
        [decided],
      );
      return Number(count) === decided.length || undefined;
    },
    { timeoutMs: 120_000 },
  );
  await reportingCaughtUp();
  const ours = [...trail.submitted, ...trail.withdrawn, ...sent, ...trail.verified, ...seriesScores, ...seriesAggregates].map((event) => event.id);
  await waitFor(
    `reporting to apply the ${ours.length} events published here`,
    async () => {
      const [{ count }] = await queryTestDatabase<{ count: string }>(
        `SELECT count(DISTINCT event_id) AS count FROM reporting.inbox WHERE event_id = ANY($1::uuid[])`,
        [ours],
      );
      return Number(count) === ours.length || undefined;
    },
    { timeoutMs: 120_000 },
  );
  const stored = await queryTestDatabase<StoredScore>(
    'SELECT pemda_code, total::text, areas FROM scoring.pemda_score WHERE year = $1',
    [YEAR],
  );
  scores = new Map(stored.map((row) => [row.pemda_code, row]));
}, 300_000);

afterAll(async () => {
  await platform.stopAll();
});

describe('per-area averages', () => {
  const regionsOf = (row: PemdaRow) => [row.province_code, `wilayah-${row.wilayah}`, 'national'];

  it('equal the mean over every Pemda of the region of the stored area scores, for each province, wilayah and the nation', async () => {
    expect(scores.size).toBeGreaterThan(30);
    const sums = new Map<string, { count: number; total: Decimal; areas: Map<string, Decimal> }>();
    for (const row of pemda) {
      for (const region of regionsOf(row)) {
        const entry = sums.get(region) ?? { count: 0, total: new Decimal(0), areas: new Map() };
        entry.count += 1;
        const score = scores.get(row.code);
        if (score) {
          entry.total = entry.total.plus(score.total);
          for (const area of score.areas) entry.areas.set(area.code, (entry.areas.get(area.code) ?? new Decimal(0)).plus(area.score));
        }
        sums.set(region, entry);
      }
    }
    const touched = ['32', '51', '11', '64', 'wilayah-I', 'wilayah-III', 'wilayah-IV', 'wilayah-V', 'national', '16'];
    for (const regionCode of touched) {
      const expected = sums.get(regionCode) ?? { count: 0, total: new Decimal(0), areas: new Map<string, Decimal>() };
      const { body } = await get(`/v1/reports/regions/${regionCode}?year=${YEAR}`).expect(200);
      // Compared as decimals to 10 places: a region nobody scored in is answered as plain 0.
      const reported = new Decimal(body.averageExact).toFixed(10);
      expect({ regionCode, average: reported, pemdaCount: body.pemdaCount }).toEqual({
        regionCode,
        average: average(expected.total, expected.count),
        pemdaCount: expected.count,
      });
      const nonZero = [...expected.areas].filter(([, sum]) => !sum.isZero()).map(([code]) => code).sort();
      const reportedAreas = new Map(body.areas.map((area: { code: string; averageExact: string }) => [area.code, area.averageExact]));
      for (const code of nonZero) {
        expect({ regionCode, code, average: reportedAreas.get(code) }).toEqual({
          regionCode,
          code,
          average: average(expected.areas.get(code) ?? new Decimal(0), expected.count),
        });
      }
      // An area reported but absent from the stored scores must be 0 there.
      for (const [code, reported] of reportedAreas) {
        if (!nonZero.includes(code as string)) expect(new Decimal(reported as string).isZero()).toBe(true);
      }
    }
  });

  it('answers 404 UNKNOWN_REGION for a code that is no region', async () => {
    const { body } = await get(`/v1/reports/regions/99?year=${YEAR}`).expect(404);
    expect(body.error).toBe('UNKNOWN_REGION');
  });

  it("keeps a region's figures to KPK and its own Pemda, DKI Jakarta's province (one Pemda) to that Pemda (#142)", async () => {
    const asPemda = async (pemdaCode: string, path: string) =>
      request(platform.http('reporting') as never)
        .get(path)
        .set('Authorization', `Bearer ${await testToken({ role: 'pemda-operator', pemdaCode })}`);
    for (const path of [`/v1/reports/regions/31?year=${YEAR}`, `/v1/reports/completeness?year=${YEAR}&region=31`, `/v1/reports/series?year=${YEAR}&region=31`]) {
      const refused = await asPemda('32.73', path);
      expect({ path, status: refused.status, error: refused.body.error }).toEqual({ path, status: 403, error: 'NOT_ALLOWED_FOR_REGION' });
      expect({ path, status: (await asPemda('31', path)).status }).toEqual({ path, status: 200 });
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
    }
    // Its own province, wilayah and the nation a Pemda reads; another province not, or a wilayah less
    // its other provinces would give the one left out.
    for (const region of ['32', 'wilayah-III', 'national']) expect({ region, status: (await asPemda('32.73', `/v1/reports/regions/${region}?year=${YEAR}`)).status }).toEqual({ region, status: 200 });
    for (const path of [`/v1/reports/regions/51?year=${YEAR}`, `/v1/reports/completeness?year=${YEAR}&region=wilayah-II`, `/v1/reports/series?year=${YEAR}&region=51`]) {
      expect({ path, status: (await asPemda('32.73', path)).status }).toEqual({ path, status: 403 });
    }
  });
});

describe('rankings', () => {
  const totalOf = (code: string) => published(scores.get(code)?.total ?? '0');

  const cases: { name: string; query: string; members: (row: PemdaRow) => boolean }[] = [
    { name: 'national', query: 'scope=national', members: () => true },
    { name: 'national, kota only', query: 'scope=national&kind=kota', members: (row) => row.kind === 'kota' },
    { name: 'within Jawa Barat', query: 'scope=province&region=32', members: (row) => row.province_code === '32' },
    {
      name: 'within Jawa Barat, kabupaten only',
      query: 'scope=province&region=32&kind=kabupaten',
      members: (row) => row.province_code === '32' && row.kind === 'kabupaten',
    },
    { name: 'within wilayah V', query: 'scope=wilayah&region=V', members: (row) => row.wilayah === 'V' },
    { name: 'provinces only', query: 'scope=national&kind=provinsi', members: (row) => row.kind === 'provinsi' },
  ];

  it.each(cases)('$name: equal the competition ranks of the stored totals', async ({ query, members }) => {
    const field = pemda.filter(members).map((row) => ({ code: row.code, total: totalOf(row.code) }));
    const expected = independentRanks(field);
    const { body } = await get(`/v1/reports/rankings?year=${YEAR}&${query}`).expect(200);
    expect(body).toHaveLength(field.length);
    const answered = new Map(body.map((row: { pemdaCode: string; rank: number }) => [row.pemdaCode, row.rank]));
    expect(answered).toEqual(expected);
    expect(body.map((row: { total: number }) => row.total)).toEqual(
      [...field].map((row) => row.total).sort((a, b) => b - a),
    );
  });

  it('gives tied Pemda one rank and skips the next', async () => {
    expect(scores.get('32.73')?.total).toBeDefined();
    expect(scores.get('32.04')?.total).toBe(scores.get('32.73')?.total);
    const { body } = await get(`/v1/reports/rankings?year=${YEAR}&scope=province&region=32`).expect(200);
    const [bandung, kabBandung] = ['32.73', '32.04'].map((code) => body.find((row: { pemdaCode: string }) => row.pemdaCode === code));
    expect(kabBandung.rank).toBe(bandung.rank);
    const after = body.find((row: { total: number }) => row.total < bandung.total);
    if (after) expect(after.rank).toBeGreaterThanOrEqual(bandung.rank + 2);
  });

  it('refuses a scope without its region, and an unknown region', async () => {
    await get(`/v1/reports/rankings?year=${YEAR}&scope=province`).expect(400);
    await get(`/v1/reports/rankings?year=${YEAR}&scope=province&region=99`).expect(404);
  });
});

describe('streams for downstream consumers', () => {
  it('the compacted snapshot topic holds, per Pemda and year, the score scoring stored', async () => {
    const tap = await startEventTap([Topics.scoreSnapshot]);
    try {
      const [{ written }] = await queryTestDatabase<{ written: string }>(
        `SELECT count(*) AS written FROM scoring.outbox WHERE topic = $1`,
        [Topics.scoreSnapshot],
      );
      await waitFor('the snapshot topic read to its end', async () => tap.of(ScoreSnapshot.type).length >= Number(written) || undefined);
      const latest = new Map<string, ScoreSnapshotV1>();
      for (const { data } of tap.of<ScoreSnapshotV1>(ScoreSnapshot.type)) {
        const known = latest.get(`${data.pemdaCode}/${data.year}`);
        if (!known || known.computedAt <= data.computedAt) latest.set(`${data.pemdaCode}/${data.year}`, data);
      }
      expect(new Map([...latest].map(([key, data]) => [key, data.total]))).toEqual(
        new Map([...scores].map(([code, score]) => [`${code}/${YEAR}`, score.total])),
      );
    } finally {
      await tap.stop();
    }
  });

  it('topics carry explicit retention: events forever, the snapshot compacted', async () => {
    const dlq = `${Topics.scoreUpdated}.dlq`;
    const configs = await describeTopicConfigs(testKafkaClient(), [Topics.scoreUpdated, Topics.scoreSnapshot, dlq], ['cleanup.policy', 'retention.ms']);
    expect(configs.get(Topics.scoreUpdated)).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '-1' });
    expect(configs.get(Topics.scoreSnapshot)).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '-1' });
    expect(configs.get(dlq)).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '-1' });
  });

  it('serves every schema over HTTP without a token, with its version, key and retention', async () => {
    const server = request(platform.http('reporting') as never);
    const listing = (await server.get('/v1/schemas').expect(200)).body;
    expect(listing.find((entry: { topic: string }) => entry.topic === Topics.scoreSnapshot)).toEqual({
      topic: Topics.scoreSnapshot,
      version: 1,
      schemaId: 'urn:mcp:schema:mcp.score.snapshot.v1',
      url: '/v1/schemas/mcp.score.snapshot.v1',
      key: expect.stringContaining('pemdaCode/year'),
      compacted: true,
      retentionMs: -1,
      producer: 'scoring',
      deadLetterTopic: 'mcp.score.snapshot.v1.dlq',
    });
    const schema = await server.get('/v1/schemas/mcp.aggregate.updated.v1').expect(200);
    expect(schema.headers['content-type']).toContain('application/schema+json');
    expect(JSON.parse(schema.text).properties.areas).toBeDefined();
    expect(JSON.parse((await server.get('/v1/schemas/defs').expect(200)).text).$id).toBe('urn:mcp:schema:defs');
    expect(schema.headers['cache-control']).toBe('public, max-age=300');
    const unknown = await server.get('/v1/schemas/mcp.nothing.v1').expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
    expect(unknown.headers['cache-control'] ?? '').not.toContain('public');
    expect(unknown.body.error).toBe('UNKNOWN_SCHEMA');
  });
});

describe('progress over time', () => {
  const months = (last: string) => {
    const list: string[] = [];
    for (let m = new Date(`${SERIES_YEAR}-01-01T00:00:00Z`); m.toISOString().slice(0, 7) <= last; m.setUTCMonth(m.getUTCMonth() + 1)) {
      list.push(m.toISOString().slice(0, 7));
    }
    return list;
  };
  const exactOf = (points: { month: string; scoreExact: string }[]) =>
    points.map(({ month, scoreExact }) => ({ month, score: published(scoreExact), scoreExact: new Decimal(scoreExact).toFixed() }));

  it("a Pemda's month-end series holds the last score computed before each month ended (WIB)", async () => {
    const { body } = await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}`).expect(200);
    const expected = seriesAt(seriesScores.map(({ data }) => ({ at: data.computedAt, value: data.total })), months(`${SERIES_YEAR}-12`));
    expect(body).toMatchObject({ year: SERIES_YEAR, pemdaCode: SERIES_PEMDA, regionCode: null });
    expect(body.points.map(({ month, score, scoreExact }: { month: string; score: number; scoreExact: string }) => ({
      month,
      score,
      scoreExact: new Decimal(scoreExact).toFixed(),
    }))).toEqual(exactOf(expected));
    // As KPK reports it: 65 as of October, 20 at the end of May, 30.5 from June on.
    const at = (month: string) => body.points.find((point: { month: string }) => point.month === month);
    expect([at('2025-02').score, at('2025-03').score, at('2025-05').score, at('2025-06').score, at('2025-10').score]).toEqual([0, 10.01, 20, 30.5, 65]);
    expect(at('2025-10').asOf).toBe('2025-10-31T17:00:00.000Z');
  });

  it('runs into the next year on request, and refuses a month outside the year and the next', async () => {
    const { body } = await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}&until=2026-01`).expect(200);
    expect(body.points).toHaveLength(13);
    expect(body.points[12]).toMatchObject({ month: '2026-01', score: 65 });
    expect((await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}&until=2027-01`).expect(400)).body.error).toBe('INVALID_MONTH');
  });

  it('as of a day: runs to that month, whose point is the state at the end of that day (WIB)', async () => {
    const full = (await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}`).expect(200)).body.points;
    const inOctober = (await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}&asOf=2025-10-15`).expect(200)).body.points;
    expect(inOctober).toHaveLength(10);
    expect(inOctober.slice(0, 9)).toEqual(full.slice(0, 9));
    // 64.995 came on 20 October: on the 15th the score in force was still June's 30.5 (65 at the month end).
    expect(inOctober[9]).toMatchObject({ month: '2025-10', asOf: '2025-10-15T17:00:00.000Z', score: 30.5 });
    expect(full[9].score).toBe(65);
    // The end of 31 May WIB is 17:00 UTC: the score of 16:59:59 counts, the one of 17:00:00 does not.
    const inMay = (await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}&asOf=2025-05-31`).expect(200)).body.points;
    expect(inMay[4]).toMatchObject({ month: '2025-05', score: 20 });
    await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}&asOf=2025-02-30`).expect(400);
    await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}&asOf=2025-10-15&until=2025-12`).expect(400);
    await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}&asOf=2024-12-31`).expect(400);
  });

  it("a region's month-end series holds the last average before each month ended", async () => {
    const { body } = await get(`/v1/reports/series?year=${SERIES_YEAR}&region=${SERIES_REGION}`).expect(200);
    const expected = seriesAt(seriesAggregates.map(({ data }) => ({ at: data.updatedAt, value: data.average })), months(`${SERIES_YEAR}-12`));
    expect(body).toMatchObject({ pemdaCode: null, regionCode: SERIES_REGION });
    expect(body.points.map(({ month, score }: { month: string; score: number }) => ({ month, score }))).toEqual(
      exactOf(expected).map(({ month, score }) => ({ month, score })),
    );
    expect(body.points.map((point: { score: number }) => point.score)).toEqual([0, 0, 0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2.25, 2.25, 2.25]);
    // The region's row keeps the areas as this build knows them: the newer property was dropped.
    const [row] = await queryTestDatabase<{ areas: unknown }>(
      `SELECT areas FROM reporting.region_report WHERE region_code = $1 AND year = $2`,
      [SERIES_REGION, SERIES_YEAR],
    );
    expect(row.areas).toEqual(exampleAggregateUpdated().areas);
  });

  it('asks for exactly one of pemda and region, and keeps a Pemda user to their own', async () => {
    expect((await get(`/v1/reports/series?year=${SERIES_YEAR}`).expect(400)).body.error).toBe('SCOPE_REQUIRED');
    await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=35&region=35`).expect(400);
    await get(`/v1/reports/series?year=${SERIES_YEAR}&region=99`).expect(404);
    const operator = await testToken({ role: 'pemda-operator', pemdaCode: '32.73' });
    await request(platform.http('reporting') as never)
      .get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=35`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(403);
  });
});

describe('completeness, claimed-vs-verified gap and turnaround, from the evidence events', () => {
  const states = () =>
    itemStates(
      trail.submitted.map(({ data }) => data),
      trail.withdrawn.map(({ data }) => data),
      [...sent, ...trail.verified].map(({ data }) => data),
    );
  const trailPemda = () => [...new Set(trail.submitted.map(({ data }) => data.pemdaCode))];

  it('per Pemda: the share of the framework with uploads not withdrawn, and with a verdict in force', async () => {
    const expected = states();
    const codes = [...trailPemda(), '32.73', '16.01'];
    expect(trailPemda().length).toBe(24);
    for (const pemdaCode of codes) {
      const { body } = await get(`/v1/reports/completeness?year=${YEAR}&pemda=${pemdaCode}`).expect(200);
      expect(body).toEqual({
        year: YEAR,
        pemdaCode,
        regionCode: null,
        asOf: null,
        pemdaCount: 1,
        subIndicatorCount: subIndicators.length,
        ...completenessOf(expected, [pemdaCode], subIndicators),
      });
    }
    // The withdrawn upload and the revision still waiting are not counted as verified; some are uploaded only.
    const sums = completenessOf(expected, trailPemda(), subIndicators);
    expect(sums.uploaded).toBeGreaterThan(sums.verified);
  });

  it('as of a day: only what was uploaded, withdrawn and decided before its end (WIB), like the detail export', async () => {
    const day = `${YEAR}-06-15`;
    const cutoff = Date.parse(`${day}T17:00:00.000Z`);
    const expected = itemStates(
      trail.submitted.map(({ data }) => data),
      trail.withdrawn.map(({ data }) => data),
      [...sent, ...trail.verified].map(({ data }) => data),
      cutoff,
    );
    const codes = trailPemda();
    for (const pemdaCode of codes) {
      const { body } = await get(`/v1/reports/completeness?year=${YEAR}&pemda=${pemdaCode}&asOf=${day}`).expect(200);
      expect(body).toEqual({
        year: YEAR,
        pemdaCode,
        regionCode: null,
        asOf: '2024-06-15T17:00:00.000Z',
        pemdaCount: 1,
        subIndicatorCount: subIndicators.length,
        ...completenessOf(expected, [pemdaCode], subIndicators),
      });
    }
    // The cut-off changes the answer: some uploads come later in the year.
    expect(completenessOf(expected, codes, subIndicators).uploaded).toBeLessThan(completenessOf(states(), codes, subIndicators).uploaded);
    await get(`/v1/reports/completeness?year=${YEAR}&pemda=32.73&asOf=2024-02-30`).expect(400);
  });

  it('per region: the mean over every Pemda of the province, wilayah and nation', async () => {
    const expected = states();
    const regions: [string, (row: PemdaRow) => boolean][] = [
      ['35', (row) => row.province_code === '35'],
      ['73', (row) => row.province_code === '73'],
      ['wilayah-IV', (row) => row.wilayah === 'IV'],
      ['national', () => true],
    ];
    for (const [regionCode, members] of regions) {
      const codes = pemda.filter(members).map((row) => row.code);
      const { body } = await get(`/v1/reports/completeness?year=${YEAR}&region=${regionCode}`).expect(200);
      expect(body).toEqual({
        year: YEAR,
        pemdaCode: null,
        regionCode,
        asOf: null,
        pemdaCount: codes.length,
        subIndicatorCount: subIndicators.length,
        ...completenessOf(expected, codes, subIndicators),
      });
    }
  });

  it('claimed vs verified: the framework roll-up of the claims against that of the verified values, overall and per area', async () => {
    const expected = states();
    for (const pemdaCode of [...trailPemda(), '32.73']) {
      const { body } = await get(`/v1/reports/pemda/${pemdaCode}/claim-gap?year=${YEAR}`).expect(200);
      const { decided, claimed, verified, gap, areas } = claimGapOf(expected, pemdaCode, framework);
      expect({ pemdaCode, decided: body.decided, claimed: body.claimed, verified: body.verified, gap: body.gap, areas: body.areas }).toEqual({
        pemdaCode,
        decided,
        claimed,
        verified,
        gap,
        areas,
      });
    }
    // Somebody claimed more than was verified (an approval at 50 of a claim of 100, a rejection).
    const gaps = trailPemda().map((code) => claimGapOf(expected, code, framework).gap);
    expect(Math.max(...gaps)).toBeGreaterThan(0);
  });

  it('turnaround: median and p90 from upload to first decision, per wilayah and month of the decision (WIB)', async () => {
    const wilayahOf = new Map(pemda.map((row) => [row.code, row.wilayah]));
    const expected = turnaroundOf(
      trail.submitted.map(({ data }) => data),
      [...sent, ...trail.verified].map(({ data }) => data),
      (code) => wilayahOf.get(code) ?? '?',
    );
    expect(new Set(expected.map((row) => row.wilayah))).toEqual(new Set(['III', 'IV']));
    const { body } = await get(`/v1/reports/turnaround?year=${YEAR}`).expect(200);
    expect(body).toEqual(expected);
    const wilayahIV = await get(`/v1/reports/turnaround?year=${YEAR}&wilayah=IV`).expect(200);
    expect(wilayahIV.body).toEqual(expected.filter((row) => row.wilayah === 'IV'));
    // Corrections re-judge the same upload: fewer rows counted than decisions with a known upload.
    const timed = trail.verified.length;
    expect(expected.reduce((sum, row) => sum + row.decided, 0)).toBeLessThan(timed);
  });

  it("keeps turnaround to KPK roles and a Pemda's figures to itself", async () => {
    const operator = await testToken({ role: 'pemda-operator', pemdaCode: '32.73' });
    const asOperator = (path: string) =>
      request(platform.http('reporting') as never).get(path).set('Authorization', `Bearer ${operator}`);
    await asOperator(`/v1/reports/turnaround?year=${YEAR}`).expect(403);
    await asOperator(`/v1/reports/completeness?year=${YEAR}&pemda=32.04`).expect(403);
    await asOperator(`/v1/reports/pemda/32.04/claim-gap?year=${YEAR}`).expect(403);
    await asOperator(`/v1/reports/pemda/32.73/claim-gap?year=${YEAR}`).expect(200);
    await asOperator(`/v1/reports/detail/export?year=${YEAR}&format=csv`).expect(403);
  });
});

describe('rebuild from offset 0', () => {
  /** The CLI as an operator runs it, with the reporting service's variables. */
  async function rebuild(...args: string[]): Promise<{ code: number; result: Record<string, unknown> }> {
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['-r', '@swc-node/register', 'services/reporting/src/cli/rebuild-read-models.ts', '--json', ...args],
        { cwd: repositoryRoot, env: { ...process.env, ...serviceTestEnv(), NODE_OPTIONS: '' }, timeout: 120_000 },
      );
      return { code: 0, result: JSON.parse(stdout.trim().split('\n').pop() ?? '{}') };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number' || !failed.stdout) throw new Error(`rebuild failed: ${failed.stderr ?? String(error)}`);
      return { code: failed.code, result: JSON.parse(failed.stdout.trim().split('\n').pop() ?? '{}') };
    }
  }

  it('ends with tables equal to the live ones, having read every event', async () => {
    await reportingCaughtUp();
    const [{ published }] = await queryTestDatabase<{ published: string }>(
      `SELECT count(*) AS published FROM scoring.outbox WHERE topic IN ('mcp.score.updated.v1', 'mcp.aggregate.updated.v1')`,
    );
    const publishedHere =
      sent.length + trail.submitted.length + trail.withdrawn.length + trail.verified.length + seriesScores.length + seriesAggregates.length;
    const { code, result } = await rebuild();
    expect(result).toMatchObject({ differenceCount: 0, differences: [], applied: false });
    expect(result.eventsApplied).toBe(Number(published) + publishedHere);
    // Every event's row is in the live tables the rebuild compared with.
    const [{ uploads, withdrawals, decisions: decisionRows, regionHistory }] = await queryTestDatabase<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM reporting.evidence_upload) AS uploads,
              (SELECT count(*)::int FROM reporting.evidence_withdrawal) AS withdrawals,
              (SELECT count(*)::int FROM reporting.verification_decision) AS decisions,
              (SELECT count(*)::int FROM reporting.region_score_history WHERE region_code = $1) AS "regionHistory"`,
      [SERIES_REGION],
    );
    expect({ uploads, withdrawals, decisionRows }).toEqual({
      uploads: trail.submitted.length,
      withdrawals: trail.withdrawn.length,
      decisionRows: sent.length + trail.verified.length,
    });
    expect(regionHistory).toBeGreaterThan(seriesAggregates.length);
    expect(code).toBe(0);
  });

  it('finds a live row that no longer matches the events, and with --apply puts it right', async () => {
    await queryTestDatabase(`UPDATE reporting.pemda_report SET total = total + 1 WHERE pemda_code = '32.73' AND year = $1`, [YEAR]);
    await queryTestDatabase(`UPDATE reporting.region_report SET areas = '[]' WHERE region_code = '32' AND year = $1`, [YEAR]);
    const [upload, decision] = [trail.submitted[0].data.evidenceId, trail.verified[0].data.decisionId];
    await queryTestDatabase(`UPDATE reporting.evidence_upload SET claimed_value = 1 WHERE evidence_id = $1`, [upload]);
    await queryTestDatabase(`DELETE FROM reporting.verification_decision WHERE decision_id = $1`, [decision]);
    const found = await rebuild();
    expect(found.code).toBe(1);
    expect(found.result).toMatchObject({
      differenceCount: 4,
      differences: [`pemda_report 32.73/${YEAR}`, `region_report 32/${YEAR}`, `evidence_upload ${upload}`, `verification_decision ${decision}`],
    });

    const repaired = await rebuild('--apply');
    expect(repaired.result).toMatchObject({ applied: true });
    const [{ total }] = await queryTestDatabase<{ total: string }>(
      `SELECT total::text FROM reporting.pemda_report WHERE pemda_code = '32.73' AND year = $1`,
      [YEAR],
    );
    expect(new Decimal(total).equals(scores.get('32.73')?.total ?? '0')).toBe(true);
    const [{ restored }] = await queryTestDatabase<{ restored: number }>(
      `SELECT count(*)::int AS restored FROM reporting.verification_decision WHERE decision_id = $1`,
      [decision],
    );
    expect(restored).toBe(1);
    expect((await rebuild()).result).toMatchObject({ differenceCount: 0 });
  });

  it('keeps, with --apply, what the live consumer added after the rebuild began, and does not count it as a difference', async () => {
    const rebuilder = platform.app('reporting').get(ReadModelRebuild);
    const kafka = kafkaSettingsOf(loadConfig(ReportingConfig, serviceTestEnv()), reportingService);
    const decision = trail.verified[0].data.decisionId;
    await queryTestDatabase(`DELETE FROM reporting.verification_decision WHERE decision_id = $1`, [decision]);
    // Stands for an upload the live consumer applied after the replay read its end offsets: no event the replay reads holds it,
    // and its event id is in the inbox, so a rebuild that dropped the row would lose it for good.
    const lateUpload = randomUUID();
    let added: Promise<unknown> | undefined;
    const result = await rebuilder.run(kafka, {
      apply: true,
      onProgress: () => {
        added ??= queryTestDatabase(
          `INSERT INTO reporting.evidence_upload (evidence_id, pemda_code, year, sub_indicator_code, claimed_value, submitted_at)
           VALUES ($1, '32.73', $2, 'PRC.1.1', 100, now())`,
          [lateUpload, YEAR],
          // And a score the live consumer moved forward meanwhile: newer than its rebuilt row, kept, no difference.
        ).then(() => queryTestDatabase(`UPDATE reporting.pemda_report SET updated_at = updated_at + interval '1 second' WHERE pemda_code = '32.73' AND year = $1`, [YEAR]));
      },
    });
    await added;
    expect(result).toMatchObject({ differenceCount: 1, differences: [`verification_decision ${decision}`], applied: true });
    expect(await queryTestDatabase(`SELECT 1 FROM reporting.verification_decision WHERE decision_id = $1`, [decision])).toHaveLength(1);
    expect(await queryTestDatabase(`SELECT 1 FROM reporting.evidence_upload WHERE evidence_id = $1`, [lateUpload])).toHaveLength(1);
    await queryTestDatabase(`DELETE FROM reporting.evidence_upload WHERE evidence_id = $1`, [lateUpload]);
    await queryTestDatabase(`UPDATE reporting.pemda_report SET updated_at = updated_at - interval '1 second' WHERE pemda_code = '32.73' AND year = $1`, [YEAR]);
  });
});

describe('exports, read back by independent readers', () => {
  /** The body as bytes, whatever its content type. */
  /** Every text item of every page, in order, as pdfjs-dist extracts them. */
  async function pdfLines(loading: { promise: Promise<{ numPages: number; getPage(n: number): Promise<{ getTextContent(): Promise<{ items: object[] }> }> }> }): Promise<string[]> {
    const document = await loading.promise;
    const lines: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      for (const item of (await page.getTextContent()).items) if ('str' in item) lines.push(String(item.str));
    }
    return lines;
  }
  /** "2024-10" → "Oktober 2024", as an Indonesian reader names a month. */
  const monthLabel = (month: string) =>
    `${['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'][Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`;

  function download(path: string): Promise<{ status: number; type: string; body: Buffer }> {
    return new Promise((resolve, reject) => {
      get(path)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .end((error, res) => (error ? reject(error) : resolve({ status: res.status, type: res.headers['content-type'], body: res.body })));
    });
  }

  const query = `year=${YEAR}&scope=province&region=32`;
  const apiRows = async () =>
    (await get(`/v1/reports/rankings?${query}`).expect(200)).body as { rank: number; pemdaCode: string; name: string; total: number }[];

  it('CSV: a CSV parser finds the Indonesian header and exactly the API rows and numbers', async () => {
    const csv = await download(`/v1/reports/rankings/export?${query}&format=csv`);
    expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
    const records: string[][] = parseCsv(csv.body, { bom: true });
    expect(records[0]).toEqual(['Peringkat', 'Kode Pemda', 'Nama Pemda', 'Jenis', 'Kode Provinsi', 'Wilayah', 'Nilai']);
    const expected = await apiRows();
    expect(records.slice(1).map(([rank, code, name, , , , total]) => [Number(rank), code, name, Number(total)])).toEqual(
      expected.map((row) => [row.rank, row.pemdaCode, row.name, row.total]),
    );
  });

  it('XLSX: exceljs reads typed number cells holding exactly the API numbers', async () => {
    const xlsx = await download(`/v1/reports/rankings/export?${query}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Peringkat');
    expect(sheet?.getRow(1).values).toEqual([undefined, 'Peringkat', 'Kode Pemda', 'Nama Pemda', 'Jenis', 'Kode Provinsi', 'Wilayah', 'Nilai']);
    const expected = await apiRows();
    const rows = expected.map((_, index) => sheet?.getRow(index + 2));
    for (const row of rows) {
      expect(typeof row?.getCell(1).value).toBe('number');
      expect(typeof row?.getCell(7).value).toBe('number');
    }
    expect(rows.map((row) => [row?.getCell(1).value, row?.getCell(2).value, row?.getCell(7).value])).toEqual(
      expected.map((row) => [row.rank, row.pemdaCode, row.total]),
    );
    expect(sheet?.rowCount).toBe(expected.length + 1);
  });

  describe('the full Pemda × sub-indicator detail', () => {
    const HEADER = [
      'Kode Pemda', 'Nama Pemda', 'Jenis', 'Kode Provinsi', 'Wilayah', 'Kode Area', 'Kode Indikator', 'Kode Subindikator',
      'Nama Subindikator', 'Bobot dalam Total', 'Jumlah Bukti', 'Nilai Klaim', 'Status', 'Nilai Verifikasi', 'Tanggal Keputusan',
    ];
    const STATUS = { approved: 'Disetujui', rejected: 'Ditolak', revision_requested: 'Perlu revisi' } as const;
    /** Uploads, claim, status, verified value and decision time of every row, as the events tell them by `cutoff`. */
    function expectedDetail(cutoff?: number): Map<string, (string | number)[]> {
      const states = itemStates(
        trail.submitted.map(({ data }) => data),
        trail.withdrawn.map(({ data }) => data),
        [...sent, ...trail.verified].map(({ data }) => data),
        cutoff,
      );
      const rows = new Map<string, (string | number)[]>();
      for (const { code } of pemda) {
        for (const sub of subIndicators) {
          const state = states.get(`${code}/${sub}`);
          const count = state?.evidenceCount ?? 0;
          const status = state?.outcome ? STATUS[state.outcome] : count > 0 ? 'Menunggu verifikasi' : 'Belum diunggah';
          const decidedAt = state?.decidedAt ? formatLocalTime(new Date(state.decidedAt), KPK_TIME_ZONE) : '';
          rows.set(`${code}/${sub}`, [count, state?.claimedValue ?? '', status, state?.verifiedValue ?? '', decidedAt]);
        }
      }
      return rows;
    }
    /** The CSV's rows by `pemda/sub`, numbers read back as numbers. */
    function csvDetail(body: Buffer): { header: string[]; rows: Map<string, (string | number)[]>; weights: Map<string, number> } {
      const [header, ...records]: string[][] = parseCsv(body, { bom: true });
      const number = (text: string) => (text === '' ? '' : Number(text));
      const rows = new Map<string, (string | number)[]>();
      const weights = new Map<string, number>();
      for (const record of records) {
        rows.set(`${record[0]}/${record[7]}`, [Number(record[10]), number(record[11]), record[12], number(record[13]), record[14]]);
        weights.set(record[0], (weights.get(record[0]) ?? 0) + Number(record[9]));
      }
      return { header, rows, weights };
    }

    it('CSV: one row per Pemda and sub-indicator, each holding what the events tell', async () => {
      const csv = await download(`/v1/reports/detail/export?year=${YEAR}&format=csv`);
      expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
      const { header, rows, weights } = csvDetail(csv.body);
      expect(header).toEqual(HEADER);
      expect(rows.size).toBe(546 * subIndicators.length);
      expect(rows).toEqual(expectedDetail());
      // The weights in the total add up to 100 for every Pemda (6 decimals each).
      for (const sum of weights.values()) expect(Math.abs(sum - 100)).toBeLessThan(0.001);
    });

    it('CSV as of a date: uploads, withdrawals and decisions after the end of that day (WIB) do not count', async () => {
      const csv = await download(`/v1/reports/detail/export?year=${YEAR}&format=csv&asOf=2024-06-30`);
      expect(csv.status).toBe(200);
      const { rows } = csvDetail(csv.body);
      const expected = expectedDetail(Date.parse('2024-06-30T17:00:00.000Z'));
      expect(rows).toEqual(expected);
      expect(rows).not.toEqual(expectedDetail());
    });

    it('XLSX: exceljs reads the Indonesian header and typed number cells equal to the CSV', async () => {
      const [xlsx, csv] = await Promise.all([
        download(`/v1/reports/detail/export?year=${YEAR}&format=xlsx`),
        download(`/v1/reports/detail/export?year=${YEAR}&format=csv`),
      ]);
      expect(xlsx.status).toBe(200);
      const workbook = new Workbook();
      await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Rincian');
      expect(sheet?.getRow(1).values).toEqual([undefined, ...HEADER]);
      expect(sheet?.rowCount).toBe(546 * subIndicators.length + 1);
      const { rows: fromCsv } = csvDetail(csv.body);
      const fromXlsx = new Map<string, (string | number)[]>();
      sheet?.eachRow((row, index) => {
        if (index === 1) return;
        const cell = (column: number) => row.getCell(column).value as string | number | null;
        expect(typeof cell(10)).toBe('number');
        expect(typeof cell(11)).toBe('number');
        // Claim and verified value: a number, or blank when there is none.
        for (const column of [12, 14]) if ((cell(column) ?? '') !== '') expect(typeof cell(column)).toBe('number');
        fromXlsx.set(`${cell(1)}/${cell(8)}`, [cell(11) ?? '', cell(12) ?? '', cell(13) ?? '', cell(14) ?? '', cell(15) ?? '']);
      });
      expect(fromXlsx).toEqual(fromCsv);
    });

    it('refuses an impossible date', async () => {
      await get(`/v1/reports/detail/export?year=${YEAR}&format=csv&asOf=2024-13-01`).expect(400);
    });
  });

  it('PDF: the text pdfjs-dist extracts holds the API numbers of the Pemda', async () => {
    const pdf = await download(`/v1/reports/pemda/32.73/report-card.pdf?year=${YEAR}`);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const loading = getDocument({
      data: new Uint8Array(pdf.body),
      standardFontDataUrl: `${repositoryRoot}/node_modules/pdfjs-dist/standard_fonts/`,
    });
    const text = (await pdfLines(loading)).join('\n');
    const figure = (label: string) => {
      const match = new RegExp(`${label}: ([0-9]+,[0-9]{2})`).exec(text);
      return match ? Number(match[1].replace(',', '.')) : undefined;
    };
    const bandung = (await get(`/v1/reports/pemda/32.73?year=${YEAR}`).expect(200)).body;
    const province = (await get(`/v1/reports/regions/32?year=${YEAR}`).expect(200)).body;
    const national = (await get(`/v1/reports/regions/national?year=${YEAR}`).expect(200)).body;
    expect(text).toContain('Rapor MCP 2024');
    expect(text).toContain('Kota Bandung (32.73)');
    expect(text).toContain('Provinsi Jawa Barat (32) - Wilayah III');
    expect(figure('Nilai total')).toBe(bandung.total);
    expect(figure('Rata-rata provinsi')).toBe(province.average);
    expect(figure('Rata-rata nasional')).toBe(national.average);
    expect(text).toContain(`Peringkat di provinsi: ${bandung.rankInProvince} dari 28`);
    for (const area of bandung.areas as { code: string; score: number }[]) {
      expect(figure(`Area ${area.code}`)).toBe(area.score);
    }
    // Gap and path to the national target: scoring's own route computes them from its decisions in force.
    const path = (
      await request(platform.http('scoring') as never)
        .get(`/v1/scores/pemda/32.73/path-to-target?year=${YEAR}`)
        .set('Authorization', `Bearer ${analyst}`)
        .expect(200)
    ).body as { target: string; targetSource: string; gap: string; totalAfterPriority: string; priority: { code: string; areaCode: string; gainExact: string }[] };
    expect(path.targetSource).toBe('national');
    expect(figure('Target nasional')).toBe(published(path.target));
    expect(figure('Selisih ke target')).toBe(published(path.gap));
    expect(published(path.gap)).toBeGreaterThan(0);
    expect(path.priority.length).toBeGreaterThan(0);
    expect(text).toContain(`Jumlah subindikator: ${path.priority.length}`);
    path.priority.forEach((item, position) => {
      const code = item.code.replace(/\./g, '\\.');
      const listed = new RegExp(`${position + 1}\\. ${code} \\(area ${item.areaCode}\\): \\+([0-9]+,[0-9]{2})`).exec(text);
      expect(listed && Number(listed[1].replace(',', '.'))).toBe(published(item.gainExact));
    });
    expect(figure('Nilai bila semuanya tercapai')).toBe(published(path.totalAfterPriority));
    // The month-end trend as the series route answers it (every point 0 here: the scenario's
    // scores are computed today, after every month end of YEAR; the next test has a real trend).
    const series = (await get(`/v1/reports/series?year=${YEAR}&pemda=32.73`).expect(200)).body as { points: { month: string; score: number }[] };
    expect(series.points).toHaveLength(12);
    for (const point of series.points) expect(figure(monthLabel(point.month))).toBe(point.score);
    await loading.destroy();
  });

  it('PDF: the trend holds the month-end series the API answers, month by month', async () => {
    const pdf = await download(`/v1/reports/pemda/${SERIES_PEMDA}/report-card.pdf?year=${SERIES_YEAR}`);
    expect(pdf.status).toBe(200);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const loading = getDocument({
      data: new Uint8Array(pdf.body),
      standardFontDataUrl: `${repositoryRoot}/node_modules/pdfjs-dist/standard_fonts/`,
    });
    const lines = await pdfLines(loading);
    const series = (await get(`/v1/reports/series?year=${SERIES_YEAR}&pemda=${SERIES_PEMDA}`).expect(200)).body as {
      points: { month: string; score: number }[];
    };
    const fromPdf = series.points.map(({ month }) => {
      const label = `${monthLabel(month)}: `;
      const line = lines.find((candidate) => candidate.startsWith(label));
      return line === undefined ? undefined : Number(line.slice(label.length).replace(',', '.'));
    });
    expect(fromPdf).toEqual(series.points.map((point) => point.score));
    expect(fromPdf).toContain(65);
    await loading.destroy();
  });

  it('refuses an unknown format and a Pemda user reading another Pemda', async () => {
    await get(`/v1/reports/rankings/export?${query}&format=ods`).expect(400);
    const operator = await testToken({ role: 'pemda-operator', pemdaCode: '32.73' });
    const refused = await request(platform.http('reporting') as never)
      .get(`/v1/reports/pemda/32.04/report-card.pdf?year=${YEAR}`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(403);
    // The refusal is the JSON error it is, not a "PDF" the browser would try to show.
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.headers['content-disposition']).toBeUndefined();
    expect(refused.body.error).toBeDefined();
  });
});

describe('open data', () => {
  /** Without any token, as a journalist's script would call it. */
  function open(path: string, headers: Record<string, string> = {}) {
    const call = request(platform.http('reporting') as never).get(path);
    for (const [name, value] of Object.entries(headers)) call.set(name, value);
    return call;
  }

  it('refuses the final scores of a year that is still open, and a month that has not ended', async () => {
    const refused = await open(`/v1/open-data/final-scores?year=${YEAR}`).expect(404);
    expect(refused.body.error).toBe('NOT_PUBLISHED');
    // The month as reporting counts it, in WIB: from 17:00 UTC on a month's last day it is already the next.
    const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit' }).format(new Date());
    expect((await open(`/v1/open-data/progress?year=${thisMonth.slice(0, 4)}&month=${thisMonth}`).expect(404)).body.error).toBe('NOT_PUBLISHED');
    // A month outside the year (and the next, into which uploads run) is a mistake, not 546 zeros.
    expect((await open(`/v1/open-data/progress?year=${YEAR}&month=2019-03`).expect(400)).body.error).toBe('INVALID_MONTH');
  });

  it('publishes month-end progress without a token: the last score before the month ended, in JSON and CSV', async () => {
    // A score computed in October 2024 (WIB) and one on 1 November 00:00 WIB, which belongs to November.
    const october = createEvent(
      ScoreUpdated,
      exampleScoreUpdated({ pemdaCode: '11.01', provinceCode: '11', wilayah: 'I', year: YEAR, total: '12.345', areas: [], computedAt: '2024-10-31T16:59:59.000Z' }),
      eventSourceOf(ScoreUpdated),
    );
    const november = createEvent(
      ScoreUpdated,
      exampleScoreUpdated({ pemdaCode: '11.01', provinceCode: '11', wilayah: 'I', year: YEAR, total: '50', areas: [], computedAt: '2024-10-31T17:00:00.000Z' }),
      eventSourceOf(ScoreUpdated),
    );
    await publishEvents(ScoreUpdated, october, november);
    await waitFor('reporting to store both history rows', async () => {
      const rows = await queryTestDatabase('SELECT 1 FROM reporting.pemda_score_history WHERE event_id = ANY($1::uuid[])', [[october.id, november.id]]);
      return rows.length === 2 || undefined;
    });

    const progress = await open(`/v1/open-data/progress?year=${YEAR}&month=2024-10`).expect(200);
    expect(progress.body).toMatchObject({ year: YEAR, kind: 'month-end', month: '2024-10', publishedAt: '2024-10-31T17:00:00.000Z' });
    expect(progress.body.rows).toHaveLength(546);
    expect(progress.body.rows[0]).toEqual({
      rank: 1,
      pemdaCode: '11.01',
      name: expect.any(String),
      kind: 'kabupaten',
      provinceCode: '11',
      wilayah: 'I',
      total: 12.35,
    });
    expect(progress.body.rows[1]).toMatchObject({ rank: 2, total: 0 });
    // Nothing personal or unpublished: only these fields, for every row.
    expect(new Set(progress.body.rows.flatMap((row: object) => Object.keys(row)))).toEqual(
      new Set(['rank', 'pemdaCode', 'name', 'kind', 'provinceCode', 'wilayah', 'total']),
    );
    expect(progress.headers['cache-control']).toBe('public, max-age=3600');

    const csv = await open(`/v1/open-data/progress?year=${YEAR}&month=2024-10&format=csv`).expect(200);
    const records: string[][] = parseCsv(csv.text, { bom: true });
    expect(records[0]).toEqual(['Peringkat', 'Kode Pemda', 'Nama Pemda', 'Jenis', 'Kode Provinsi', 'Wilayah', 'Nilai']);
    expect(records[1]).toEqual(['1', '11.01', progress.body.rows[0].name, 'kabupaten', '11', 'I', '12.35']);
  });

  it('answers 304 to a request that sends the ETag back, and a new body once the figures change', async () => {
    const first = await open(`/v1/open-data/progress?year=${YEAR}&month=2024-10`).expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await open(`/v1/open-data/progress?year=${YEAR}&month=2024-10`, { 'If-None-Match': etag }).expect(304);
    expect(again.text ?? '').toBe('');
    await open(`/v1/open-data/progress?year=${YEAR}&month=2024-09`, { 'If-None-Match': etag }).expect(200);
  });

  it('publishes the final scores the year was closed with, as scoring closed them (#140)', async () => {
    const admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
    await request(platform.http('scoring') as never).post(`/v1/years/${YEAR}/close`).set('Authorization', `Bearer ${admin}`).expect(200);
    await waitFor('reporting to learn that the year is closed', async () => {
      const rows = await queryTestDatabase('SELECT 1 FROM reporting.closed_year WHERE year = $1', [YEAR]);
      return rows.length === 1 || undefined;
    });
    const final = await open(`/v1/open-data/final-scores?year=${YEAR}`).expect(200);
    expect(final.body).toMatchObject({ year: YEAR, kind: 'final', month: null });
    expect(JSON.stringify(final.body)).not.toContain('admin-kpk');
    // The closing carried scoring's scores, and open data publishes those.
    const scored = await queryTestDatabase<{ pemdaCode: string; total: string }>(
      `SELECT pemda_code AS "pemdaCode", total::text FROM scoring.pemda_score WHERE year = $1 ORDER BY pemda_code`,
      [YEAR],
    );
    expect(scored.length).toBeGreaterThan(0);
    const [{ final_scores: carried }] = await queryTestDatabase<{ final_scores: unknown }>('SELECT final_scores FROM reporting.closed_year WHERE year = $1', [YEAR]);
    expect(carried).toEqual(scored);
    // Equal to the rankings (reporting's copy from the scores' topic) once every score has arrived.
    const rows = (body: { pemdaCode: string; rank: number; total: number }[]) => body.map((row) => [row.pemdaCode, row.rank, row.total]);
    const ranking = (await get(`/v1/reports/rankings?year=${YEAR}`).expect(200)).body;
    expect(rows(final.body.rows)).toEqual(rows(ranking));
    // While a score is still on its way through that topic, reporting's copy lags; open data does not.
    const [lagging] = scored;
    await queryTestDatabase('UPDATE reporting.pemda_report SET total = 0 WHERE pemda_code = $1 AND year = $2', [lagging.pemdaCode, YEAR]);
    try {
      const whileLagging = await open(`/v1/open-data/final-scores?year=${YEAR}`).expect(200);
      expect(rows(whileLagging.body.rows)).toEqual(rows(final.body.rows));
    } finally {
      await queryTestDatabase('UPDATE reporting.pemda_report SET total = $3 WHERE pemda_code = $1 AND year = $2', [lagging.pemdaCode, YEAR, lagging.total]);
    }
    expect(final.headers['cache-control']).toBe('public, max-age=86400');
    await open(`/v1/open-data/final-scores?year=${YEAR}`, { 'If-None-Match': final.headers.etag }).expect(304);
  });

  it('limits each client address, and documents the routes as open in OpenAPI', async () => {
    const docs = (await request(platform.http('reporting') as never).get('/docs-json').expect(200)).body;
    for (const path of ['/v1/open-data/final-scores', '/v1/open-data/progress']) {
      expect(docs.paths[path].get.tags).toEqual(['open-data']);
      expect(docs.paths[path].get.security ?? []).toEqual([]);
      expect(Object.keys(docs.paths[path].get.responses)).toEqual(expect.arrayContaining(['304', '429']));
    }
    const statuses: number[] = [];
    // The limit counts per route and client address; this route has had a few requests already.
    for (let sent = 0; sent <= OPEN_DATA_LIMIT; sent += 1) statuses.push((await open(`/v1/open-data/final-scores?year=${YEAR}`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(statuses.slice(statuses.indexOf(429)).every((status) => status === 429)).toBe(true);
  });
});
