import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import type { ServiceMetrics } from './service-metrics';

/** Route label of a request no route answered (404s, the portal's static files): one series, not one per path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Requests by route template (`/v1/evidence/:id`, never the concrete path, which would make a
 * series per id), method and status, with their duration. An Express middleware rather than a
 * Nest interceptor: interceptors never see requests a guard refused (401/403) or the status the
 * exception filter finally wrote, and those are exactly the ones an operator looks for.
 */
export function httpMetricsMiddleware(metrics: ServiceMetrics): (request: Request, response: Response, next: NextFunction) => void {
  const duration = new Histogram({
    name: 'mcp_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, and how long each took (until the response was sent or the connection closed)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    registers: [metrics.registry],
  });
  return (request, response, next) => {
    const stop = duration.startTimer();
    // 'close' also fires when the client goes away mid-response (an aborted upload), 'finish' would not.
    response.once('close', () => stop({ method: request.method, route: routeTemplateOf(request), status: String(response.statusCode) }));
    next();
  };
}

/** The matched route's template (`/v1/evidence/:id`), or `unmatched`. */
export function routeTemplateOf(request: Request): string {
  // Express sets request.route once a route matched; it is still there when the response closes.
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : UNMATCHED_ROUTE;
}
