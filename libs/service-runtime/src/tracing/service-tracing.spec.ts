import { Body, Controller, HttpCode, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type LoggerOptions } from 'pino';
import request from 'supertest';
import { loadConfig } from '../config/load-config';
import { ServiceConfig } from '../config/service-config';
import { loggerOptionsOf } from '../service-platform.module';
import { httpTracingMiddleware } from './http-tracing';
import type { SpanLine } from './json-lines-span-exporter';
import { ServiceTracing, traceFieldsForLog } from './service-tracing';

const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const callerSpanId = '00f067aa0ba902b7';

let handled: { id: string; body: unknown; logFields: Record<string, string> } | undefined;

function thingsModule(tracing: ServiceTracing) {
  @Controller()
  class ThingsController {
    @Post('v1/things/:id')
    @HttpCode(201)
    create(@Param('id') id: string, @Body() body: unknown): object {
      // Runs after Nest's JSON body parser read the stream: the span must still be active here.
      handled = { id, body, logFields: traceFieldsForLog() };
      tracing.tracer.startActiveSpan('store thing', (span) => span.end());
      return {};
    }
  }
  @Module({ controllers: [ThingsController] })
  class ThingsModule {}
  return ThingsModule;
}

/** A Nest application with the middleware installed as createServiceApp installs it (before init). */
async function appWith(tracing: ServiceTracing): Promise<INestApplication> {
  const app = await NestFactory.create(thingsModule(tracing), { logger: false });
  app.use(httpTracingMiddleware(tracing.tracer));
  await app.init();
  return app;
}

function spansIn(file: string): SpanLine[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SpanLine);
}

describe('ServiceTracing with OTEL_TRACES_FILE and the HTTP middleware', () => {
  it('continues the caller’s traceparent through body parsing into the handler, its logs and its spans', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mcp-traces-')), 'spans.jsonl');
    const tracing = new ServiceTracing('submissions', { tracesFile: file });
    const app = await appWith(tracing);
    const response = await request(app.getHttpServer())
      .post('/v1/things/7')
      .set('traceparent', `00-${callerTraceId}-${callerSpanId}-01`)
      .send({ name: 'a thing' });
    expect(response.status).toBe(201);
    await app.close();
    await tracing.shutdown();

    const spans = spansIn(file);
    const server = spans.find((span) => span.kind === 'server');
    expect(server).toMatchObject({
      service: 'submissions',
      traceId: callerTraceId,
      parentSpanId: callerSpanId,
      name: 'POST /v1/things/:id',
      attributes: expect.objectContaining({ 'http.route': '/v1/things/:id', 'http.response.status_code': 201 }),
    });
    expect(spans.find((span) => span.name === 'store thing')).toMatchObject({ traceId: callerTraceId, parentSpanId: server?.spanId });
    expect(handled).toEqual({ id: '7', body: { name: 'a thing' }, logFields: { trace_id: callerTraceId, span_id: server?.spanId } });
  });

  it('starts a new trace for a request without traceparent', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mcp-traces-')), 'spans.jsonl');
    const tracing = new ServiceTracing('scoring', { tracesFile: file });
    const app = await appWith(tracing);
    await request(app.getHttpServer()).get('/nowhere');
    await app.close();
    await tracing.shutdown();
    const [span] = spansIn(file);
    expect(span).toMatchObject({ service: 'scoring', name: 'GET', kind: 'server', attributes: expect.objectContaining({ 'http.response.status_code': 404 }) });
    expect(span.parentSpanId).toBeUndefined();
    expect(span.traceId).not.toBe(callerTraceId);
  });
});

describe('log lines of a service', () => {
  it('carry the trace and span id inside a span, and nothing outside one', () => {
    const tracing = new ServiceTracing('notification', {});
    const lines: Record<string, unknown>[] = [];
    const options = loggerOptionsOf(loadConfig(ServiceConfig, { PORT: '3004' }), 'notification') as LoggerOptions;
    const logger = pino(options, { write: (line: string) => lines.push(JSON.parse(line)) });
    let inside = { traceId: '', spanId: '' };
    tracing.tracer.startActiveSpan('process mcp.evidence.verified.v1', (span) => {
      inside = span.spanContext();
      logger.info('inside the handler');
      span.end();
    });
    logger.info('between events');
    expect(lines[0]).toMatchObject({ msg: 'inside the handler', trace_id: inside.traceId, span_id: inside.spanId });
    expect(lines[1]).toMatchObject({ msg: 'between events' });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
