import { Public } from '@mcp/auth';
import { injectTraceContext, REQUEST_ID_HEADER, requestIdOf } from '@mcp/service-runtime';
import { All, Controller, Inject, Logger, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PortalSession } from '../sessions/portal-session.entity';
import { CurrentSession, SessionGuard } from '../sessions/session.guard';
import { SessionStore } from '../sessions/session-store';
import { SessionTokens } from '../sign-in/session-tokens';

export const UPSTREAMS = Symbol('UPSTREAMS');

// What a browser may say to a service, and what of the answer it may see: nothing else crosses
// (no cookie goes upstream, no upstream cookie comes back, the bearer token is added here).
// The tus headers let a resumable upload (docs/decisions.md #64) go through the portal too.
const TUS_REQUEST_HEADERS = ['tus-resumable', 'upload-length', 'upload-metadata', 'upload-offset'];
const TUS_RESPONSE_HEADERS = ['tus-resumable', 'tus-version', 'tus-extension', 'tus-max-size', 'upload-length', 'upload-offset', 'upload-expires', 'upload-metadata'];
const REQUEST_HEADERS = [
  'accept', 'accept-language', 'content-type', 'content-length', 'idempotency-key', 'if-none-match', 'range', 'last-event-id',
  ...TUS_REQUEST_HEADERS,
];
const RESPONSE_HEADERS = [
  'content-type', 'content-length', 'content-disposition', 'content-range', 'accept-ranges', 'etag', 'last-modified',
  'cache-control', 'location', 'retry-after', 'content-security-policy', 'x-content-type-options', 'idempotent-replayed',
  ...TUS_RESPONSE_HEADERS,
];
/** How often a proxied event stream reads its session again (as /api/live does): signed out or expired ends it. */
const STREAM_SESSION_CHECK_MS = 50_000;

/**
 * The path and query a service is asked for, given a browser's raw `/api/<service>/<path>?<query>`:
 * what follows the service's segment, as the browser encoded it. Read with the URL parser fetch
 * itself applies to the target, so dot segments are resolved first (none climbs out of the service's
 * prefix) and a request line in absolute form (`GET http://host/api/…`) gives its path only.
 * Undefined when that segment is not the service's name written plainly (`/api/scorin%67/…`): the
 * route matched the decoded name, but no client of ours encodes one, and refusing it is simpler and
 * safer than decoding it a second time here to find where the rest begins.
 */
export function upstreamPathOf(originalUrl: string, service: string): string | undefined {
  const url = URL.parse(originalUrl, 'http://portal.invalid');
  const prefix = `/api/${service}/`;
  if (!url?.pathname.startsWith(prefix)) return undefined;
  return url.pathname.slice(prefix.length - 1) + url.search;
}

/**
 * `/api/<service>/<path>` → `<service>/<path>` with the session's bearer token. Streams both
 * ways, so a 2 GiB upload, a PDF download and a Server-Sent Events stream pass without buffering.
 */
@Public()
@ApiExcludeController()
@UseGuards(SessionGuard)
@Controller('api')
export class UpstreamProxyController {
  private readonly logger = new Logger(UpstreamProxyController.name);

  constructor(
    @Inject(UPSTREAMS) private readonly upstreams: ReadonlyMap<string, string>,
    private readonly tokens: SessionTokens,
    private readonly sessions: SessionStore,
  ) {}

  @All(':service/*path')
  async forward(
    @Param('service') service: string,
    @Req() request: Request,
    @Res() response: Response,
    @CurrentSession() session: PortalSession,
  ): Promise<void> {
    const base = this.upstreams.get(service);
    const path = upstreamPathOf(request.originalUrl, service);
    if (!base || path === undefined) {
      response.status(404).json({
        statusCode: 404,
        error: 'UNKNOWN_SERVICE',
        message: `Tidak ada layanan "${service}" pada alamat ini; tulis /api/<layanan>/… tanpa penyandian persen (no such service; name it plainly)`,
      });
      return;
    }
    // Only the services' public API: their /metrics, /health/ready and /docs are for Prometheus, the
    // cluster and developers (decision #30), and each scrape costs them database and Kafka reads.
    if (!path.startsWith('/v1/')) {
      response.status(404).json({
        statusCode: 404,
        error: 'NOT_FORWARDED',
        message: `Melalui portal hanya API /v1 layanan yang dapat dipanggil, bukan "${path.split('?')[0]}" (only /v1 routes are forwarded)`,
      });
      return;
    }
    // A browser may leave while the session guard looks its session up; its close event has passed
    // already, so nothing is done for it. One that leaves later aborts through the listener, armed
    // before the first await: an upstream stream opened for nobody stays open, and holds that
    // service's shutdown (docs/decisions.md #131).
    if (request.socket.destroyed) return;
    const abort = new AbortController();
    response.on('close', () => abort.abort());
    const target = base + path;
    const headers = new Headers({ authorization: `Bearer ${await this.tokens.bearerFor(session)}` });
    for (const name of REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    // The service's work continues this request's trace (the portal's span is its parent), under the
    // portal's request id: the one the browser is answered with is the one in the service's log.
    injectTraceContext(headers);
    const requestId = requestIdOf(request);
    if (requestId) headers.set(REQUEST_ID_HEADER, requestId);
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(target, { method: request.method, headers, signal: abort.signal, redirect: 'manual', ...this.bodyOf(request, headers) });
    } catch (error) {
      if (abort.signal.aborted) return;
      this.logger.warn(`${service} unreachable: ${(error as Error).message}`);
      response.status(502).json({ statusCode: 502, error: 'UPSTREAM_UNAVAILABLE', message: `Layanan ${service} sedang tidak dapat dihubungi; coba lagi sebentar lagi.`, requestId });
      return;
    }
    response.status(upstream.status);
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) response.setHeader(name, value);
    }
    if (upstream.headers.get('content-type')?.startsWith('text/event-stream')) {
      // Tell buffering proxies in front of the portal to pass events on at once.
      response.setHeader('x-accel-buffering', 'no');
      response.flushHeaders();
      this.endWithSession(session, response, abort);
    }
    if (!upstream.body) {
      response.end();
      return;
    }
    await pipeline(Readable.fromWeb(upstream.body as never), response).catch((error: Error) => {
      // A browser that navigates away closes its side first: nothing to report then.
      if (!abort.signal.aborted && !response.destroyed) this.logger.warn(`${service} answer cut off: ${error.message}`);
    });
  }

  /**
   * An event stream (the inbox's unread count) carries the bearer token it had when it opened: it
   * must not outlive its session, so it ends when the session expires, or within a minute of a
   * sign-out or a refused renewal, like /api/live; the browser's reconnect then meets the guard.
   */
  private endWithSession(session: PortalSession, response: Response, abort: AbortController): void {
    const end = () => {
      abort.abort();
      response.end();
    };
    const expiry = setTimeout(end, Math.max(0, Math.min(session.expiresAt.getTime() - Date.now(), 2 ** 31 - 1)));
    const check = setInterval(() => {
      this.sessions.findByHash(session.idHash).then(
        (current) => {
          if (current.state !== 'active') end();
        },
        // The database did not answer: the stream goes on, and the next check asks again.
        () => undefined,
      );
    }, STREAM_SESSION_CHECK_MS);
    response.on('close', () => {
      clearTimeout(expiry);
      clearInterval(check);
    });
  }

  /** A JSON body Nest already parsed goes on re-encoded; anything else (multipart) streams as it comes. */
  private bodyOf(request: Request, headers: Headers): { body?: NonNullable<RequestInit['body']>; duplex?: 'half' } {
    if (request.method === 'GET' || request.method === 'HEAD') return {};
    if (request.readableEnded || request.body !== undefined) {
      headers.delete('content-length');
      const parsed: unknown = request.body;
      if (parsed === undefined || (typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length === 0 && !request.headers['content-length'])) return {};
      headers.set('content-type', 'application/json');
      return { body: JSON.stringify(parsed) };
    }
    return { body: Readable.toWeb(request) as unknown as NonNullable<RequestInit['body']>, duplex: 'half' };
  }
}
