import type { NestExpressApplication } from '@nestjs/platform-express';
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
  // Registered before init, so Nest does not add its own 100 kB parsers; too large answers 413.
  app.useBodyParser('json', { limit: config.HTTP_JSON_BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: config.HTTP_JSON_BODY_LIMIT_BYTES, extended: true });
}
