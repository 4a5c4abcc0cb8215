import type { McpEvent } from '@mcp/contracts';
import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, trace, type Context, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** The CloudEvents distributed-tracing extension attributes: W3C `traceparent` and `tracestate`. */
export type EventTraceContext = Pick<McpEvent<unknown>, 'traceparent' | 'tracestate'>;

// W3C by contract (the extension attribute's format), not whatever propagator a process registered.
const w3c = new W3CTraceContextPropagator();

/** The trace context of `ctx` as envelope attributes; empty when `ctx` carries no valid span. */
export function eventTraceContextOf(ctx: Context): EventTraceContext {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/**
 * The producer's span as the parent of the consumer's work. Starts from the root context, not the
 * active one: whatever the Kafka client's callbacks happen to run in is not this event's cause.
 */
export function parentContextOf(event: EventTraceContext | undefined): Context {
  if (!event?.traceparent) return ROOT_CONTEXT;
  return w3c.extract(ROOT_CONTEXT, { traceparent: event.traceparent, tracestate: event.tracestate }, defaultTextMapGetter);
}

/**
 * Spans of the messaging lib go to the application's tracer (its `service.name`); without one the
 * API's global tracer, a no-op unless a process registered a provider, which still passes an
 * incoming trace context on unchanged.
 */
export function messagingTracer(tracer: Tracer | undefined): Tracer {
  return tracer ?? trace.getTracer('@mcp/messaging');
}
