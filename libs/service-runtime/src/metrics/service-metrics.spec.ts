import { Controller, Get, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Counter } from 'prom-client';
import request from 'supertest';
import { httpMetricsMiddleware, UNMATCHED_ROUTE } from './http-metrics';
import { ServiceMetrics } from './service-metrics';

describe('ServiceMetrics', () => {
  it('gives each application its own registry, so two services in one process define the same names', async () => {
    const scoring = new ServiceMetrics('scoring', { processMetrics: false });
    const reporting = new ServiceMetrics('reporting', { processMetrics: false });
    for (const metrics of [scoring, reporting]) {
      new Counter({ name: 'mcp_things_total', help: 'things', registers: [metrics.registry] }).inc();
    }
    expect((await scoring.exposition()).text).toContain('mcp_things_total{service="scoring"} 1');
    expect((await reporting.exposition()).text).toContain('mcp_things_total{service="reporting"} 1');
    expect((await scoring.exposition()).text).not.toContain('reporting');
  });

  it("adds the process's memory and event-loop delay when asked", async () => {
    const { text, contentType } = await new ServiceMetrics('portal').exposition();
    expect(contentType).toContain('text/plain');
    expect(text).toMatch(/process_resident_memory_bytes\{service="portal"\} \d+/);
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds{service="portal"}');
  });
});

@Controller('v1/evidence')
class EvidenceStubController {
  @Get(':id')
  get(@Param('id') id: string): string {
    return id;
  }
}

describe('httpMetricsMiddleware', () => {
  it('labels requests by route template, method and status, and unmatched paths as one route', async () => {
    const metrics = new ServiceMetrics('submissions', { processMetrics: false });
    const moduleRef = await Test.createTestingModule({ controllers: [EvidenceStubController] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.use(httpMetricsMiddleware(metrics));
    await app.init();
    try {
      await request(app.getHttpServer()).get('/v1/evidence/1').expect(200);
      await request(app.getHttpServer()).get('/v1/evidence/2').expect(200);
      await request(app.getHttpServer()).get('/tidak/ada').expect(404);
    } finally {
      await app.close();
    }
    const { text } = await metrics.exposition();
    expect(text).toContain('mcp_http_request_duration_seconds_count{service="submissions",method="GET",route="/v1/evidence/:id",status="200"} 2');
    expect(text).toContain(`mcp_http_request_duration_seconds_count{service="submissions",method="GET",route="${UNMATCHED_ROUTE}",status="404"} 1`);
    expect(text).not.toContain('/v1/evidence/1');
  });
});
