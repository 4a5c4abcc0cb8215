import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { routeTemplateOf, UNMATCHED_ROUTE } from '../metrics/http-metrics';

/**
 * A server span per request, child of the caller's W3C `traceparent` when it sent one. Everything
 * the request causes (guards, the controller, the events it writes to the outbox, its log lines)
 * runs inside it. An Express middleware for the reason the metrics one is: it also sees the
 * requests a guard refused. Written by hand rather than with OpenTelemetry's http instrumentation,
 * which patches Node's `http` for the whole process and so could not tell the services of the
 * end-to-end suite apart.
 */
export function httpTracingMiddleware(tracer: Tracer): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      request.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.path } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    response.once('close', () => {
      const route = routeTemplateOf(request);
      if (route !== UNMATCHED_ROUTE) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!response.writableFinished) span.setAttribute('mcp.http.aborted', true);
      span.end();
    });
    // The request's stream events (body parsers, busboy's multipart uploads) may be emitted from the
    // socket's context rather than this one; binding the streams keeps the span for the listeners
    // whatever the parser or the Node version does (as OpenTelemetry's http instrumentation does).
    context.bind(active, request);
    context.bind(active, response);
    context.with(active, next);
  };
}

/** Adds the active span's `traceparent` (and `tracestate`) to an outgoing request's headers. */
export function injectTraceContext(headers: Headers): void {
  propagation.inject(context.active(), headers, { set: (carrier, name, value) => carrier.set(name, value) });
}
