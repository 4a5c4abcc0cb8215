import { ExportResultCode, hrTimeToMicroseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { appendFileSync } from 'node:fs';

/** One finished span as a line of `OTEL_TRACES_FILE`: what a developer or a test needs to follow a trace. */
export interface SpanLine {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  startMicros: number;
  durationMicros: number;
  status: 'unset' | 'ok' | 'error';
  statusMessage?: string;
  attributes: Record<string, unknown>;
}

const KIND_NAMES = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_NAMES = ['unset', 'ok', 'error'] as const;

/** The line of one span; `service` is the `service.name` of the span's resource. */
export function spanLineOf(span: ReadableSpan): SpanLine {
  const context = span.spanContext();
  const startMicros = hrTimeToMicroseconds(span.startTime);
  return {
    service: String(span.resource.attributes['service.name']),
    traceId: context.traceId,
    spanId: context.spanId,
    ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    name: span.name,
    kind: KIND_NAMES[span.kind] ?? String(span.kind),
    startMicros,
    durationMicros: hrTimeToMicroseconds(span.endTime) - startMicros,
    status: STATUS_NAMES[span.status.code],
    ...(span.status.message ? { statusMessage: span.status.message } : {}),
    attributes: { ...span.attributes },
  };
}

/**
 * Appends finished spans to a file as JSON lines, for a developer without a collector and for the
 * end-to-end suite, whose services (one process, one provider each) all append to the same file.
 * A synchronous append per batch: one write per batch, never interleaved with another provider's.
 */
export class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      appendFileSync(this.file, spans.map((span) => `${JSON.stringify(spanLineOf(span))}\n`).join(''));
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  // Every export is written before it reports back: nothing is ever buffered here to flush.
  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
