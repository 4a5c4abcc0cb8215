import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { JsonLinesSpanExporter } from './json-lines-span-exporter';

export interface TracingSettings {
  /** OTLP/HTTP base URL of a collector (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<url>/v1/traces`. */
  otlpEndpoint?: string;
  /** A file that finished spans are appended to as JSON lines (`OTEL_TRACES_FILE`). */
  tracesFile?: string;
}

/**
 * Once per process: the active span follows async calls (AsyncLocalStorage), and the API's
 * propagator speaks W3C trace context. Several applications in one process (the end-to-end suite)
 * share both; the first call wins and later ones change nothing.
 */
function registerTraceContext(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/**
 * One application's tracing: a tracer provider of its own whose resource names the service, so
 * several services in one process still export spans each labelled with its `service.name`.
 * Not registered globally for the same reason; the runtime hands `tracer` to the HTTP middleware
 * and the messaging lib. Spans are always made (log lines carry the trace id, and the trace
 * context travels on) but exported only where a variable says where.
 */
export class ServiceTracing {
  readonly tracer: Tracer;
  private readonly provider: TracerProvider;

  constructor(serviceName: string, settings: TracingSettings) {
    registerTraceContext();
    const spanProcessors: SpanProcessor[] = [];
    if (settings.otlpEndpoint) {
      const url = `${settings.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
      spanProcessors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) }));
    }
    if (settings.tracesFile) spanProcessors.push(new BatchSpanProcessor({ exporter: new JsonLinesSpanExporter(settings.tracesFile) }));
    this.provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors,
    });
    this.tracer = this.provider.getTracer(`@mcp/${serviceName}`);
  }

  /** Exports what is still buffered; the application calls it when it closes. */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

/** Trace and span id of the active span for a log line (pino's `mixin`); nothing outside a span. */
export function traceFieldsForLog(): Record<string, string> {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
