import { Topics } from '@mcp/contracts';
import { ServiceTracing, type SpanLine } from '@mcp/service-runtime';
import { testToken, waitFor } from '@mcp/testing';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Issue 14, done-when 3: one upload-to-notification flow is one trace across the services, with
 * every parent link intact. Every service appends its spans (labelled with its service.name) to
 * one OTEL_TRACES_FILE; the test plays the client (a browser behind the portal would be the same)
 * and sends its span's W3C traceparent with the upload and with the verifier's decision, the two
 * requests a person makes. Everything else joins the trace through the events' traceparent. A
 * read through the portal checks that the portal passes its own span on to the service it calls.
 */
const PEMDA = '32.73';
const tracesFile = join(mkdtempSync(join(tmpdir(), 'mcp-e2e-traces-')), 'spans.jsonl');
const platform = new PlatformUnderTest({ OTEL_TRACES_FILE: tracesFile });
const client = new ServiceTracing('e2e-client', { tracesFile });
let operator: string;
let verifier: string;
let analyst: string;

let flowTraceId: string;
let portalTraceId: string;
let spans: SpanLine[];

beforeAll(async () => {
  await platform.prepare();
  await platform.startAll();
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  analyst = await testToken({ role: 'analyst' });
  const admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  const extension = await request(platform.http('submissions') as never)
    .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ year: 2024, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji jejak end-to-end' });
  expect(extension.status).toBe(201);
  flowTraceId = await runFlowUnderOneClientSpan();
  portalTraceId = await readThroughThePortal();
  // Closing the applications and the client exports every span still buffered.
  await platform.stopAll();
  await client.shutdown();
  spans = readFileSync(tracesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SpanLine);
}, 240_000);

afterAll(async () => {
  await platform.stopAll();
  await client.shutdown();
});

/** Uploads, claims and decides under one client span; returns that span's trace id once the effects are visible. */
async function runFlowUnderOneClientSpan(): Promise<string> {
  const journey = client.tracer.startSpan('upload to notification');
  const { traceId, spanId } = journey.spanContext();
  const traceparent = `00-${traceId}-${spanId}-01`;
  const uploaded = await request(platform.http('submissions') as never)
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${operator}`)
    .set('traceparent', traceparent)
    .field('pemdaCode', PEMDA)
    .field('year', '2024')
    .field('subIndicatorCode', 'PRC.1.1')
    .field('claimedValue', '100')
    .attach('file', Buffer.from('%PDF-1.7 bukti PRC.1.1'), 'SK PRC.1.1.pdf');
  expect(uploaded.status).toBe(201);
  const task = await waitFor('a task to be claimable', async () => {
    const response = await request(platform.http('verification') as never).post('/v1/tasks/claim').set('Authorization', `Bearer ${verifier}`);
    return response.status === 200 ? (response.body as { id: string }) : undefined;
  });
  const decided = await request(platform.http('verification') as never)
    .post(`/v1/tasks/${task.id}/decision`)
    .set('Authorization', `Bearer ${verifier}`)
    .set('traceparent', traceparent)
    .send({ outcome: 'approved', verifiedValue: 100 });
  expect(decided.status).toBe(201);
  await waitFor('the approval notification', async () => {
    const response = await request(platform.http('notification') as never).get('/v1/notifications').set('Authorization', `Bearer ${operator}`);
    return response.body.length === 1;
  });
  await waitFor('the province ranking in reporting', async () => {
    const response = await request(platform.http('reporting') as never).get('/v1/reports/provinces?year=2024').set('Authorization', `Bearer ${analyst}`);
    return response.body[0]?.provinceCode === '32';
  });
  await waitFor('the evidence to show its decision', async () => {
    const response = await request(platform.http('submissions') as never).get(`/v1/evidence/${uploaded.body.id}`).set('Authorization', `Bearer ${operator}`);
    return response.body.status === 'approved';
  });
  journey.end();
  return traceId;
}

/** A browser's read through the portal, under a client span: the portal must pass its own span on. */
async function readThroughThePortal(): Promise<string> {
  const signedIn = await request(platform.http('portal') as never).post('/auth/dev/sign-in').send({ role: 'analyst' });
  expect(signedIn.status).toBe(200);
  const cookie = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? [])[0].split(';')[0];
  const page = client.tracer.startSpan('national report page');
  const { traceId, spanId } = page.spanContext();
  const response = await request(platform.http('portal') as never)
    .get('/api/reporting/v1/reports/national?year=2024')
    .set('cookie', cookie)
    .set('traceparent', `00-${traceId}-${spanId}-01`);
  expect(response.status).toBe(200);
  page.end();
  return traceId;
}

function spansOfTrace(traceId: string): SpanLine[] {
  return spans.filter((span) => span.traceId === traceId);
}

describe('one trace from upload to notification', () => {
  it('spans every service involved, each span’s parent in the trace but the client’s', () => {
    const flow = spansOfTrace(flowTraceId);

    const services = new Set(flow.map((span) => span.service));
    expect([...services].sort()).toEqual(['e2e-client', 'notification', 'reporting', 'scoring', 'submissions', 'verification']);

    const byId = new Map(flow.map((span) => [span.spanId, span]));
    const roots = flow.filter((span) => span.parentSpanId === undefined);
    expect(roots.map((span) => `${span.service}: ${span.name}`)).toEqual(['e2e-client: upload to notification']);
    const orphans = flow.filter((span) => span.parentSpanId !== undefined && !byId.has(span.parentSpanId));
    expect(orphans.map((span) => `${span.service}: ${span.name}`)).toEqual([]);

    // The chain the issue names, each step the child of the one that caused it.
    const edge = (span: SpanLine) => `${span.service}: ${span.name} <- ${byId.get(span.parentSpanId ?? '')?.service}: ${byId.get(span.parentSpanId ?? '')?.name}`;
    const edges = flow.map(edge);
    expect(edges).toEqual(
      expect.arrayContaining([
        'submissions: POST /v1/evidence <- e2e-client: upload to notification',
        `submissions: create ${Topics.evidenceSubmitted} <- submissions: POST /v1/evidence`,
        `verification: process ${Topics.evidenceSubmitted} <- submissions: create ${Topics.evidenceSubmitted}`,
        'verification: POST /v1/tasks/:id/decision <- e2e-client: upload to notification',
        `verification: create ${Topics.evidenceVerified} <- verification: POST /v1/tasks/:id/decision`,
        `scoring: process ${Topics.evidenceVerified} <- verification: create ${Topics.evidenceVerified}`,
        `scoring: create ${Topics.scoreUpdated} <- scoring: process ${Topics.evidenceVerified}`,
        `scoring: create ${Topics.aggregateUpdated} <- scoring: process ${Topics.evidenceVerified}`,
        `reporting: process ${Topics.aggregateUpdated} <- scoring: create ${Topics.aggregateUpdated}`,
        `reporting: process ${Topics.scoreUpdated} <- scoring: create ${Topics.scoreUpdated}`,
        `notification: process ${Topics.evidenceVerified} <- verification: create ${Topics.evidenceVerified}`,
        `submissions: process ${Topics.evidenceVerified} <- verification: create ${Topics.evidenceVerified}`,
      ]),
    );
  });

  it('goes on through the portal to the service it proxies', () => {
    // Found by its service, not as the earliest: a span's start is taken from the wall clock to the
    // millisecond, so the portal's may carry the client's very start time (and, ending first, come
    // first in the file).
    const trace = spansOfTrace(portalTraceId);
    const page = trace.find((span) => span.service === 'e2e-client');
    expect(page?.name).toBe('national report page');
    expect(page?.parentSpanId).toBeUndefined();
    const portal = trace.find((span) => span.service === 'portal' && span.kind === 'server');
    const reporting = trace.find((span) => span.service === 'reporting' && span.kind === 'server');
    expect(portal?.parentSpanId).toBe(page?.spanId);
    expect(reporting).toMatchObject({ name: 'GET /v1/reports/national', parentSpanId: portal?.spanId });
  });
});
