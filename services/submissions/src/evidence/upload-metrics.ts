import { DomainError, ServiceMetrics } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';

/**
 * How uploads end: `stored` (a new version, 201), `same-file` (200, the file was already there),
 * `replayed` (an Idempotency-Key retry), `refused` (the sender's problem: type, size, deadline,
 * scope; a 4xx) and `failed` (ours: storage or database; a 5xx). The upload-error alert watches
 * `failed`; a wave of `refused` on deadline night is the portal's to explain, not an outage.
 */
export const UPLOAD_OUTCOMES = ['stored', 'same-file', 'replayed', 'refused', 'failed'] as const;
export type UploadMetricOutcome = (typeof UPLOAD_OUTCOMES)[number];

@Injectable()
export class UploadMetrics {
  private readonly uploads: Counter<'outcome'>;
  private readonly bytes: Counter;

  constructor(metrics: ServiceMetrics) {
    this.uploads = new Counter({
      name: 'mcp_uploads_total',
      help: 'Evidence uploads by outcome: stored, same-file, replayed, refused (4xx), failed (5xx)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    this.bytes = new Counter({
      name: 'mcp_upload_bytes_total',
      help: 'Bytes of evidence stored as new versions',
      registers: [metrics.registry],
    });
    // Every outcome exists from the start, so rates and ratios are defined before the first failure.
    for (const outcome of UPLOAD_OUTCOMES) this.uploads.inc({ outcome }, 0);
  }

  counted(outcome: Exclude<UploadMetricOutcome, 'refused' | 'failed'>, storedBytes = 0): void {
    this.uploads.inc({ outcome });
    if (outcome === 'stored') this.bytes.inc(storedBytes);
  }

  /** A refusal the sender can act on is a DomainError; anything else is a failure of ours. */
  errored(error: unknown): void {
    this.uploads.inc({ outcome: error instanceof DomainError ? 'refused' : 'failed' });
  }
}
