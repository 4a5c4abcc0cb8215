import { Public } from '@mcp/auth';
import { SkipRateLimits } from '../http/rate-limits';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ServiceMetrics } from './service-metrics';

/**
 * Prometheus's scrape endpoint. Public like the health checks (docs/decisions.md #30): it carries
 * counts and durations, no personal data, and Prometheus should not hold a platform token.
 */
@ApiExcludeController()
// Polled by probes and Prometheus from one address; see SkipRateLimits for why they are exempt.
@SkipRateLimits()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Public()
  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, text } = await this.metrics.exposition();
    response.status(200).setHeader('Content-Type', contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.send(text);
  }
}
