import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { ServiceConfig } from '../config/service-config';
import { requestIdMiddleware } from './request-id';

/**
 * What every service's HTTP server does before any route (docs/decisions.md #54): the request
 * id, security headers (helmet's defaults: nosniff, frame denial, a strict CSP, no X-Powered-By,
 * HSTS), which proxies to believe for the client address, and a size limit on parsed bodies.
 * Rate limits are a guard (PlatformHttpGuard), since they need the verified user.
 */
export function applyHttpHardening(app: NestExpressApplication, config: ServiceConfig): void {
  app.use(requestIdMiddleware);
  // The services answer JSON; their only HTML is Swagger UI at /docs, served in development over
  // plain http, where `upgrade-insecure-requests` would send its scripts to an https that is not there.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.set('trust proxy', config.HTTP_TRUSTED_PROXY_HOPS);
  app.use(bodyDeadline(BODY_DEADLINE_MS));
  // Registered before init, so Nest does not add its own 100 kB parsers; too large answers 413.
  app.useBodyParser('json', { limit: config.HTTP_JSON_BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: config.HTTP_JSON_BODY_LIMIT_BYTES, extended: true });
}

/** Long enough for a 1 MiB JSON body over a 2G line (~10 kB/s); uploads stream and are not held to it. */
export const BODY_DEADLINE_MS = 120_000;

/**
 * A body that is parsed in memory (JSON, a form) must arrive within `deadlineMs`: the parsers run
 * before any guard, so an anonymous client could open hundreds of requests, send all but the last
 * byte of each and stall, each holding its buffer for as long as the server's request timeout
 * (two hours in submissions, for uploads over slow lines). Streamed uploads (multipart, tus) are
 * bounded by their own limits and that timeout, and are left alone.
 */
export function bodyDeadline(deadlineMs: number) {
  return (request: IncomingMessage, _response: ServerResponse, next: () => void): void => {
    const type = request.headers['content-type'] ?? '';
    const bodyExpected = request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    if (!bodyExpected || type.startsWith('multipart/') || type.startsWith('application/offset+octet-stream') || request.complete) {
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (!request.complete) request.destroy();
    }, deadlineMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    request.once('end', clear);
    request.once('close', clear);
    next();
  };
}
