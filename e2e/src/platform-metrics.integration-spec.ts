import { EvidenceVerified, Topics, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { createIdempotentProducer } from '@mcp/messaging';
import { serviceCatalogue } from '@mcp/service-runtime';
import { publishEvents, queryTestDatabase, testKafkaClient, testToken, waitFor } from '@mcp/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { scrape, type Scraped } from './metrics-scrape';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Done-when 1 of issue 14: after a scripted flow (an upload, a claim, a decision, one redelivered
 * event, one unreadable record) every service's /metrics, scraped without a token as Prometheus
 * does, holds each named series with values that fit the flow. All six services run in one process
 * here, so this also proves their registries do not clash.
 */
const PEMDA = '32.73';
const WILAYAH_OF_PEMDA = 'III';
const FILE = Buffer.from('%PDF-1.7 bukti metrik');
const CONSUMING_SERVICES = ['submissions', 'verification', 'scoring', 'notification', 'reporting'];
const root = join(__dirname, '..', '..');

const platform = new PlatformUnderTest();
let operator: string;
let verifier: string;

const scrapeOf = (service: string) => scrape(platform.http(service));

async function scrapedWhen(service: string, description: string, holds: (scraped: Scraped) => boolean): Promise<Scraped> {
  return waitFor(`${service}: ${description}`, async () => {
    const scraped = await scrapeOf(service);
    return holds(scraped) ? scraped : undefined;
  });
}

const lagIsZero = (scraped: Scraped) => scraped.find('mcp_kafka_consumer_lag').length > 0 && scraped.sum('mcp_kafka_consumer_lag') === 0;

beforeAll(async () => {
  await platform.prepare();
  await platform.startAll();
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: WILAYAH_OF_PEMDA });
  const admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  const extension = await request(platform.http('submissions') as never)
    .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ year: 2024, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji metrik' });
  expect(extension.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await platform.stopAll();
});

describe('GET /metrics on every service', () => {
  it('answers without a token in the Prometheus text format, with process metrics labelled by service', async () => {
    for (const { name } of serviceCatalogue) {
      await request(platform.http(name) as never).get('/health').expect(200);
      const scraped = await scrapeOf(name);
      expect(scraped.contentType).toContain('text/plain');
      expect(scraped.sum('process_resident_memory_bytes', { service: name })).toBeGreaterThan(10_000_000);
      expect(scraped.find('nodejs_eventloop_lag_p99_seconds', { service: name })).toHaveLength(1);
      expect(scraped.find('nodejs_heap_size_used_bytes', { service: name })).toHaveLength(1);
      // Only this application's series: six services share the process, each has its own registry.
      expect(new Set(scraped.samples.map((sample) => sample.labels.service))).toEqual(new Set([name]));
      expect(scraped.sum('mcp_http_request_duration_seconds_count', { method: 'GET', route: '/health', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(scraped.sum('mcp_outbox_backlog')).toBeDefined();
    }
  });

  it('counts the flow: an upload, the queue, a decision, a redelivery and a dead letter; lag returns to 0', async () => {
    const uploaded = await request(platform.http('submissions') as never)
      .post('/v1/evidence')
      .set('Authorization', `Bearer ${operator}`)
      .field('pemdaCode', PEMDA)
      .field('year', '2024')
      .field('subIndicatorCode', 'PRC.1.1')
      .field('claimedValue', '100')
      .attach('file', FILE, 'SK metrik.pdf');
    expect(uploaded.status).toBe(201);
    const unauthorised = await request(platform.http('submissions') as never).post('/v1/evidence');
    expect(unauthorised.status).toBe(401);

    // A request is timed when its response closes, which may come a moment after the client has read it.
    const submissions = await scrapedWhen('submissions', 'the upload and the refusal timed', (scraped) =>
      scraped.sum('mcp_http_request_duration_seconds_count', { method: 'POST', route: '/v1/evidence' }) === 2,
    );
    expect(submissions.sum('mcp_uploads_total', { outcome: 'stored' })).toBe(1);
    expect(submissions.sum('mcp_uploads_total', { outcome: 'failed' })).toBe(0);
    expect(submissions.sum('mcp_upload_bytes_total')).toBe(FILE.length);
    expect(submissions.sum('mcp_http_request_duration_seconds_count', { method: 'POST', route: '/v1/evidence', status: '201' })).toBe(1);
    expect(submissions.sum('mcp_http_request_duration_seconds_count', { method: 'POST', route: '/v1/evidence', status: '401' })).toBe(1);

    // The task waits in the queue of the Pemda's wilayah, and the other wilayah read 0, not nothing.
    const queued = await scrapedWhen('verification', 'one task waiting in wilayah III', (scraped) =>
      scraped.sum('mcp_verification_queue_depth', { wilayah: WILAYAH_OF_PEMDA }) === 1,
    );
    expect(queued.find('mcp_verification_queue_depth')).toHaveLength(5);
    expect(queued.sum('mcp_verification_queue_depth', { wilayah: 'I' })).toBe(0);
    expect(queued.sum('mcp_verification_oldest_waiting_task_age_seconds', { wilayah: WILAYAH_OF_PEMDA })).toBeGreaterThanOrEqual(0);
    expect(queued.sum('mcp_verification_oldest_waiting_task_age_seconds', { wilayah: WILAYAH_OF_PEMDA })).toBeLessThan(120);

    const claimed = await request(platform.http('verification') as never).post('/v1/tasks/claim').set('Authorization', `Bearer ${verifier}`);
    expect(claimed.status).toBe(200);
    const held = await scrapeOf('verification');
    expect(held.sum('mcp_verification_queue_depth', { wilayah: WILAYAH_OF_PEMDA })).toBe(0);
    expect(held.sum('mcp_verification_claimed_tasks', { wilayah: WILAYAH_OF_PEMDA })).toBe(1);
    const decided = await request(platform.http('verification') as never)
      .post(`/v1/tasks/${claimed.body.id}/decision`)
      .set('Authorization', `Bearer ${verifier}`)
      .send({ outcome: 'approved', verifiedValue: 100 });
    expect(decided.status).toBe(201);

    // The decision again (a redelivery: every consumer's inbox skips it) and a record nobody can read.
    const [decision] = await queryTestDatabase<{ event: McpEvent<EvidenceVerifiedV1> }>(
      `SELECT event FROM verification.outbox WHERE topic = $1`,
      [Topics.evidenceVerified],
    );
    await waitFor('the decision to be published', async () =>
      (await scrapeOf('verification')).sum('mcp_outbox_backlog') === 0,
    );
    await publishEvents(EvidenceVerified, decision.event);
    const producer = createIdempotentProducer(testKafkaClient('mcp-tests-unreadable'));
    await producer.connect();
    await producer.send({ topic: Topics.evidenceVerified, acks: -1, messages: [{ key: PEMDA, value: 'bukan CloudEvent' }] });
    await producer.disconnect();

    for (const service of ['submissions', 'scoring', 'notification']) {
      // At least once, not exactly: a rebalance may redeliver either record, which is what the inbox
      // and the dead-letter topic are for. The decision's effect, though, happens exactly once.
      const scraped = await scrapedWhen(service, 'the redelivery skipped, the unreadable record dead-lettered, lag 0', (s) =>
        (s.sum('mcp_inbox_duplicates_total', { topic: Topics.evidenceVerified }) ?? 0) >= 1 &&
        (s.sum('mcp_dead_letters_total', { topic: Topics.evidenceVerified }) ?? 0) >= 1 &&
        lagIsZero(s),
      );
      expect(scraped.sum('mcp_event_handler_duration_seconds_count', { topic: Topics.evidenceVerified, outcome: 'processed' })).toBe(1);
      expect(scraped.sum('mcp_event_handler_duration_seconds_count', { topic: Topics.evidenceVerified, outcome: 'dead-lettered' })).toBe(
        scraped.sum('mcp_dead_letters_total', { topic: Topics.evidenceVerified }),
      );
      // Every partition of the topic has a lag series under the service's consumer group.
      expect(scraped.find('mcp_kafka_consumer_lag', { group: `mcp-${service}`, topic: Topics.evidenceVerified })).toHaveLength(3);
    }

    // Every consumer catches up, nothing waits in any outbox, and the queue is empty again.
    for (const service of CONSUMING_SERVICES) {
      await scrapedWhen(service, 'consumer lag back to 0 and the outbox drained', (s) =>
        lagIsZero(s) && s.sum('mcp_outbox_backlog') === 0 && s.sum('mcp_outbox_oldest_unpublished_age_seconds') === 0,
      );
    }
    const verification = await scrapeOf('verification');
    expect(verification.sum('mcp_event_handler_duration_seconds_count', { topic: Topics.evidenceSubmitted, outcome: 'processed' })).toBe(1);
    expect(verification.sum('mcp_verification_queue_depth')).toBe(0);
    expect(verification.sum('mcp_verification_claimed_tasks')).toBe(0);
    expect(verification.sum('mcp_dead_letters_total', { topic: Topics.evidenceSubmitted })).toBe(0);
    expect((await scrapeOf('reporting')).sum('mcp_event_handler_duration_seconds_count', { topic: Topics.scoreUpdated, outcome: 'processed' })).toBeGreaterThanOrEqual(1);
  });

  it('names no Pemda, person or file in any label after the flow (the endpoints are open)', async () => {
    for (const { name } of serviceCatalogue) {
      const values = (await scrapeOf(name)).samples.flatMap((sample) => Object.values(sample.labels));
      const leaks = values.filter((value) => value.includes(PEMDA) || /operator-bandung|verifier-jabar|admin-kpk|\.pdf/i.test(value));
      expect({ service: name, leaks }).toEqual({ service: name, leaks: [] });
    }
  });

  it('has every series that the alert rules and the Grafana dashboard query', async () => {
    const scraped = new Set<string>();
    for (const { name } of serviceCatalogue) for (const metric of (await scrapeOf(name)).names()) scraped.add(metric);
    for (const file of ['deploy/prometheus/alerts.yml', 'deploy/grafana/mcp.json']) {
      const queried = new Set(readFileSync(join(root, file), 'utf8').match(/\b(mcp|nodejs|process)_[a-z0-9_]+/g));
      expect({ file, missing: [...queried].filter((metric) => !scraped.has(metric)) }).toEqual({ file, missing: [] });
    }
  });
});

