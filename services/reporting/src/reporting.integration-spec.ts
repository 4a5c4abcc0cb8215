import 'reflect-metadata';
import {
  AggregateUpdated,
  createEvent,
  ScoreUpdated,
  type AggregateUpdatedV1,
  type EventContract,
  type McpEvent,
  type ScoreUpdatedV1,
} from '@mcp/contracts';
import type { DirectEventPublisher } from '@mcp/messaging/testing';
import { seedReferenceData } from '@mcp/reference-data';
import { createServiceApp, databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import {
  dropSchemas,
  queryTestDatabase,
  serviceTestEnv,
  startEventPublisher,
  testToken,
  waitFor,
} from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { reportingService } from './reporting.definition';
import { ReportingConfig } from './reporting-config';

// Other test files share the broker and keep producing 2024/2025 scores: a year of our own keeps
// their events out of the figures asserted here.
const year = 2040 + Math.floor(Math.random() * 60);
const at = (time: string) => `${year}-06-02T${time}.000Z`;
const [earlier, computed, later] = [at('07:00:00'), at('08:00:00'), at('09:00:00')];

const bandung: ScoreUpdatedV1 = {
  pemdaCode: '32.73',
  provinceCode: '32',
  wilayah: 'III',
  year,
  frameworkRevision: 1,
  total: '80.145',
  previousTotal: '0',
  areas: [
    { code: 'PRC', score: '90.005' },
    { code: 'PBJ', score: '70.285' },
  ],
  causedByDecisionId: randomUUID(),
  computedAt: computed,
};

const aggregate = (
  regionCode: string,
  regionKind: AggregateUpdatedV1['regionKind'],
  scoreSum: string,
  pemdaCount: number,
  average: string,
): AggregateUpdatedV1 => ({ regionCode, regionKind, year, average, scoreSum, pemdaCount, updatedAt: computed });

describe('reporting service', () => {
  let app: INestApplication;
  let publisher: DirectEventPublisher;
  let wilayahIIICount: number;
  const scoreEvent = createEvent(ScoreUpdated, bandung, '/mcp/scoring');

  const get = (path: string) => request(app.getHttpServer()).get(path);
  let analystToken: string;
  const asAnalyst = (path: string) => get(path).set('Authorization', `Bearer ${analystToken}`);

  function publish<TData>(contract: EventContract<TData>, ...events: McpEvent<TData>[]): Promise<void> {
    return publisher.publish(contract, ...events);
  }

  async function processed(...events: McpEvent<unknown>[]): Promise<void> {
    const ids = events.map((event) => event.id);
    await waitFor(
      `reporting to process ${ids.join(', ')}`,
      async () => {
        const rows = await queryTestDatabase('SELECT event_id FROM "reporting"."inbox" WHERE event_id = ANY($1)', [ids]);
        return rows.length === ids.length;
      },
      { timeoutMs: 60_000 },
    );
  }

  beforeAll(async () => {
    await dropSchemas(['reporting']);
    const config = loadConfig(ReportingConfig, serviceTestEnv());
    const settings = databaseSettingsOf(config, reportingService);
    await runMigrations(settings);
    await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, 'reporting'));
    app = await createServiceApp(reportingService, config);
    await app.listen(0);
    publisher = await startEventPublisher('reporting-tests');
    analystToken = await testToken({ role: 'analyst' });
  });

  afterAll(async () => {
    await publisher?.stop();
    await app?.close();
  });

  it('reports every Pemda at 0 before any event, with counts from the reference data', async () => {
    const national = (await asAnalyst(`/v1/reports/national?year=${year}`).expect(200)).body;
    expect(national).toMatchObject({ year, average: 0, pemdaCount: 546, updatedAt: null });
    expect(national.wilayah.map((w: { regionCode: string }) => w.regionCode)).toEqual(
      ['I', 'II', 'III', 'IV', 'V'].map((w) => `wilayah-${w}`),
    );
    expect(national.wilayah.every((w: { average: number }) => w.average === 0)).toBe(true);
    expect(national.wilayah.reduce((sum: number, w: { pemdaCount: number }) => sum + w.pemdaCount, 0)).toBe(546);
    wilayahIIICount = national.wilayah[2].pemdaCount;

    const provinces = (await asAnalyst(`/v1/reports/provinces?year=${year}`).expect(200)).body;
    expect(provinces).toHaveLength(38);
    expect(provinces[0]).toEqual({ rank: 1, provinceCode: '11', name: 'Aceh', wilayah: 'I', average: 0, pemdaCount: 24 });
    expect(provinces.find((row: { provinceCode: string }) => row.provinceCode === '32')).toMatchObject({ rank: 1, pemdaCount: 28 });

    await asAnalyst(`/v1/reports/pemda/32.73?year=${year}`).expect(200, {
      pemdaCode: '32.73',
      name: 'Kota Bandung',
      kind: 'kota',
      provinceCode: '32',
      wilayah: 'III',
      year,
      total: 0,
      areas: [],
      rankInProvince: 1,
      updatedAt: null,
    });
  });

  it('builds the reports from score and aggregate events, rounding half-up', async () => {
    const aggregates = [
      aggregate('national', 'national', '80.145', 546, '0.14678571428571428571'),
      aggregate('wilayah-III', 'wilayah', '80.145', wilayahIIICount, '0.5'),
      aggregate('32', 'province', '80.145', 28, '2.86232142857142857143'),
      aggregate('51', 'province', '28.625', 10, '2.8625'),
    ].map((data) => createEvent(AggregateUpdated, data, '/mcp/scoring'));
    await publish(ScoreUpdated, scoreEvent);
    await publish(AggregateUpdated, ...aggregates);
    await processed(scoreEvent, ...aggregates);

    const national = (await asAnalyst(`/v1/reports/national?year=${year}`).expect(200)).body;
    expect(national).toMatchObject({ year, average: 0.15, pemdaCount: 546, updatedAt: computed });
    expect(national.wilayah[2]).toEqual({ regionCode: 'wilayah-III', average: 0.5, pemdaCount: wilayahIIICount });
    expect(national.wilayah[0]).toMatchObject({ regionCode: 'wilayah-I', average: 0 });

    // 2.8623… and 2.8625 are both published as 2.86, so Jawa Barat and Bali share rank 1.
    const provinces = (await asAnalyst(`/v1/reports/provinces?year=${year}`).expect(200)).body;
    expect(provinces.slice(0, 3)).toEqual([
      { rank: 1, provinceCode: '32', name: 'Jawa Barat', wilayah: 'III', average: 2.86, pemdaCount: 28 },
      { rank: 1, provinceCode: '51', name: 'Bali', wilayah: 'V', average: 2.86, pemdaCount: 10 },
      { rank: 3, provinceCode: '11', name: 'Aceh', wilayah: 'I', average: 0, pemdaCount: 24 },
    ]);

    const bandungReport = (await asAnalyst(`/v1/reports/pemda/32.73?year=${year}`).expect(200)).body;
    expect(bandungReport).toMatchObject({
      total: 80.15,
      areas: [
        { code: 'PRC', score: 90.01 },
        { code: 'PBJ', score: 70.29 },
      ],
      rankInProvince: 1,
      updatedAt: computed,
    });
    const unscored = (await asAnalyst(`/v1/reports/pemda/32.04?year=${year}`).expect(200)).body;
    expect(unscored).toMatchObject({ pemdaCode: '32.04', total: 0, areas: [], rankInProvince: 2, updatedAt: null });
  });

  it('ignores an event computed before the one already applied', async () => {
    const staleScore = createEvent(ScoreUpdated, { ...bandung, total: '10', areas: [], computedAt: earlier }, '/mcp/scoring');
    const staleAggregate = createEvent(
      AggregateUpdated,
      { ...aggregate('32', 'province', '10', 28, '0.35714285714285714286'), updatedAt: earlier },
      '/mcp/scoring',
    );
    await publish(ScoreUpdated, staleScore);
    await publish(AggregateUpdated, staleAggregate);
    await processed(staleScore, staleAggregate);

    const bandungReport = (await asAnalyst(`/v1/reports/pemda/32.73?year=${year}`).expect(200)).body;
    expect(bandungReport).toMatchObject({ total: 80.15, updatedAt: computed });
    const provinces = (await asAnalyst(`/v1/reports/provinces?year=${year}`).expect(200)).body;
    expect(provinces[0]).toMatchObject({ provinceCode: '32', average: 2.86 });
  });

  it('applies an event id only once, even when it comes back with other data', async () => {
    const redelivered = createEvent(ScoreUpdated, { ...bandung, total: '99', computedAt: later }, '/mcp/scoring', {
      id: scoreEvent.id,
    });
    // Same key, so same partition, behind the duplicate: once it is in the inbox, so was the duplicate's turn.
    const marker = createEvent(ScoreUpdated, { ...bandung, computedAt: earlier }, '/mcp/scoring');
    await publish(ScoreUpdated, redelivered, marker);
    await processed(marker);

    const stored = await queryTestDatabase<{ total: string; updated_at: Date }>(
      'SELECT total, updated_at FROM "reporting"."pemda_report" WHERE pemda_code = $1 AND year = $2',
      ['32.73', year],
    );
    expect(stored).toEqual([{ total: '80.145', updated_at: new Date(computed) }]);
  });

  it('documents the reports and their averaging rule in OpenAPI', async () => {
    const { paths } = (await get('/docs-json').expect(200)).body;
    const national = paths['/v1/reports/national'].get;
    expect(national.tags).toEqual(['reports']);
    expect(national.description).toContain('without verified evidence counts as 0');
    expect(national.parameters.filter((p: { name: string }) => p.name === 'year')).toHaveLength(1);
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/v1/reports/provinces', '/v1/reports/pemda/{pemdaCode}']),
    );
  });

  describe('access', () => {
    it('answers 401 without a bearer token', async () => {
      await get(`/v1/reports/national?year=${year}`).expect(401);
    });

    it('lets a Pemda user read their own Pemda only', async () => {
      const token = await testToken({ role: 'pemda-operator', pemdaCode: '32.73' });
      await get(`/v1/reports/pemda/32.73?year=${year}`).set('Authorization', `Bearer ${token}`).expect(200);
      const refused = await get(`/v1/reports/pemda/32.04?year=${year}`).set('Authorization', `Bearer ${token}`).expect(403);
      expect(refused.body.message).toContain('Pemda 32.04');
    });

    it('lets a verifier read any Pemda', async () => {
      const token = await testToken({ role: 'verifier', wilayah: 'I' });
      await get(`/v1/reports/pemda/51.71?year=${year}`).set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('answers 404 UNKNOWN_PEMDA for a code not in the Pemda list', async () => {
      await asAnalyst(`/v1/reports/pemda/99.99?year=${year}`).expect(404, {
        statusCode: 404,
        error: 'UNKNOWN_PEMDA',
        message: 'Pemda 99.99 tidak dikenal (unknown Pemda)',
        details: { pemdaCode: '99.99' },
      });
    });

    it('answers 400 for a missing or impossible year', async () => {
      await asAnalyst('/v1/reports/national').expect(400);
      await asAnalyst('/v1/reports/provinces?year=2017').expect(400);
      await asAnalyst('/v1/reports/national?year=dua-ribu').expect(400);
    });
  });
});
