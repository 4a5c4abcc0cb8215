import { requestIdMiddleware } from '@mcp/service-runtime';
import type { ExecutionContext, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SessionGuard } from '../sessions/session.guard';
import { SessionStore } from '../sessions/session-store';
import { SessionTokens } from '../sign-in/session-tokens';
import { UPSTREAMS, UpstreamProxyController, upstreamPathOf } from './upstream-proxy.controller';

/*
 * A browser that leaves while its request is still on the way through the portal (the session
 * guard's lookup, a token renewal) must not leave an event stream open behind it: it would hold
 * the service's shutdown (docs/decisions.md #131) and, until then, a connection and a subscription
 * for nobody. The upstream here is a real HTTP server streaming events; the portal side is the
 * controller in a Nest application, its session guard (a database lookup) or its token step held
 * until the browser has gone.
 */
describe('UpstreamProxyController, a browser that leaves early', () => {
  const servers: Server[] = [];
  const apps: INestApplication[] = [];
  let openUpstreamStreams: number;
  let upstreamRequests: number;

  async function listening(server: Server): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** The service: an inbox stream that never ends by itself. */
  async function upstreamService(): Promise<string> {
    return listening(
      createServer((_request: IncomingMessage, response: ServerResponse) => {
        upstreamRequests += 1;
        openUpstreamStreams += 1;
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('event: unread\ndata: {"unreadCount":0}\n\n');
        response.on('close', () => (openUpstreamStreams -= 1));
      }),
    );
  }

  /**
   * The portal: `guardStep` stands for the session guard's lookup, `tokenStep` for the handler's
   * own wait for the bearer token.
   */
  async function portal(
    upstream: string,
    guardStep: () => Promise<void>,
    tokenStep: () => Promise<void>,
    expiresAt = new Date(Date.now() + 3600_000),
  ): Promise<{ url: string; closedSockets: Promise<void> }> {
    const moduleRef = await Test.createTestingModule({
      controllers: [UpstreamProxyController],
      providers: [
        { provide: UPSTREAMS, useValue: new Map([['notification', upstream]]) },
        { provide: SessionTokens, useValue: { bearerFor: async () => (await tokenStep(), 'token') } },
        { provide: SessionStore, useValue: { findByHash: async () => ({ state: 'none' }) } },
      ],
    })
      .overrideGuard(SessionGuard)
      .useValue({
        canActivate: async (context: ExecutionContext) => {
          await guardStep();
          context.switchToHttp().getRequest().portalSession = { subject: 'operator', idHash: 'h', expiresAt };
          return true;
        },
      })
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    apps.push(app);
    let socketClosed!: () => void;
    const closedSockets = new Promise<void>((resolve) => (socketClosed = resolve));
    (app.getHttpServer() as Server).on('connection', (socket: Socket) => socket.on('close', socketClosed));
    await app.listen(0, '127.0.0.1');
    return { url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), closedSockets };
  }

  /** A browser's EventSource that goes away (tab closed) before any answer came. */
  function browserLeavingAt(url: string, leave: Promise<void>): void {
    const request = get(`${url}/api/notification/v1/inbox/stream`, { agent: false, headers: { accept: 'text/event-stream' } });
    request.on('error', () => undefined);
    void leave.then(() => request.destroy());
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  beforeEach(() => {
    openUpstreamStreams = 0;
    upstreamRequests = 0;
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('neither makes a token nor asks the service when the browser left before the handler ran', async () => {
    let requestArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
    let tokensMade = 0;
    const portalSide = await portal(
      await upstreamService(),
      async () => {
        requestArrived();
        await portalSide.closedSockets;
      },
      async () => {
        tokensMade += 1;
      },
    );
    browserLeavingAt(portalSide.url, arrived);

    await portalSide.closedSockets;
    await settle();

    expect(openUpstreamStreams).toBe(0);
    expect(upstreamRequests).toBe(0);
    expect(tokensMade).toBe(0);
  });

  it('closes the upstream stream when the browser left while the token was being made', async () => {
    let tokenAsked!: () => void;
    const asked = new Promise<void>((resolve) => (tokenAsked = resolve));
    const portalSide = await portal(await upstreamService(), async () => undefined, async () => {
      tokenAsked();
      await portalSide.closedSockets;
    });
    browserLeavingAt(portalSide.url, asked);

    await portalSide.closedSockets;
    await settle();

    expect(openUpstreamStreams).toBe(0);
  });

  it('still streams to a browser that stays (the check above is not a refusal)', async () => {
    const portalSide = await portal(await upstreamService(), async () => undefined, async () => undefined);
    const firstEvent = await new Promise<string>((resolve, reject) => {
      const request = get(`${portalSide.url}/api/notification/v1/inbox/stream`, { agent: false }, (response) => {
        response.once('data', (chunk: Buffer) => {
          resolve(chunk.toString());
          request.destroy();
        });
      });
      request.on('error', reject);
    });

    expect(firstEvent).toContain('event: unread');
    expect(upstreamRequests).toBe(1);
  });

  it('ends a proxied event stream when its session expires: it carries the token it opened with', async () => {
    // The stream the test before closed may still be counting itself out.
    await settle();
    const openBefore = openUpstreamStreams;
    const portalSide = await portal(await upstreamService(), async () => undefined, async () => undefined, new Date(Date.now() + 700));
    const ended = await new Promise<boolean>((resolve, reject) => {
      const request = get(`${portalSide.url}/api/notification/v1/inbox/stream`, { agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(true));
      });
      request.on('error', reject);
      setTimeout(() => resolve(false), 5_000).unref();
    });
    await settle();

    expect(ended).toBe(true);
    expect(openUpstreamStreams).toBe(openBefore);
  });

  it("forwards only the services' /v1 API, not their metrics, readiness or docs", async () => {
    const portalSide = await portal(await upstreamService(), async () => undefined, async () => undefined);
    for (const path of ['metrics', 'health/ready', 'docs']) {
      const answer = await fetch(`${portalSide.url}/api/notification/${path}`);
      expect([path, answer.status, ((await answer.json()) as { error: string }).error]).toEqual([path, 404, 'NOT_FORWARDED']);
    }
    expect(upstreamRequests).toBe(0);
  });
});

/*
 * Where a request goes: the part of the browser's URL after `/api/<service>`, as the browser
 * encoded it. The route matches the decoded service name, so cutting that name's length off the raw
 * URL sent `/api/scorin%67/v1/x` to port `<port>67` and `/api/%73coring/…` to port `<port>ng`.
 */
describe('upstreamPathOf', () => {
  it('keeps the rest of the path and the query as the browser encoded them', () => {
    expect(upstreamPathOf('/api/scoring/v1/pemda/3171/scores?year=2025&q=%2F', 'scoring')).toBe('/v1/pemda/3171/scores?year=2025&q=%2F');
    expect(upstreamPathOf('/api/submissions/v1/evidence/a%2Fb', 'submissions')).toBe('/v1/evidence/a%2Fb');
  });

  it('refuses a service name written encoded instead of cutting at the wrong place', () => {
    expect(upstreamPathOf('/api/scorin%67/v1/x', 'scoring')).toBeUndefined();
    expect(upstreamPathOf('/api/%73coring/v1/x', 'scoring')).toBeUndefined();
  });

  it('takes only the path of a request line in absolute form', () => {
    expect(upstreamPathOf('http://xxxxx/api/scoring/v1/x?a=1', 'scoring')).toBe('/v1/x?a=1');
  });

  it('refuses dot segments that climb out of the service', () => {
    expect(upstreamPathOf('/api/scoring/%2e%2e/notification/v1/x', 'scoring')).toBeUndefined();
  });
});

describe('UpstreamProxyController, the path it forwards', () => {
  let upstream: Server;
  let app: INestApplication;
  let portalPort: number;
  let askedFor: string[];
  let requestIds: (string | undefined)[];

  beforeAll(async () => {
    upstream = createServer((request: IncomingMessage, response: ServerResponse) => {
      askedFor.push(request.url ?? '');
      requestIds.push(request.headers['x-request-id'] as string | undefined);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const moduleRef = await Test.createTestingModule({
      controllers: [UpstreamProxyController],
      providers: [
        { provide: UPSTREAMS, useValue: new Map([['scoring', `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`]]) },
        { provide: SessionTokens, useValue: { bearerFor: async () => 'token' } },
        { provide: SessionStore, useValue: { findByHash: async () => ({ state: 'active' }) } },
      ],
    })
      .overrideGuard(SessionGuard)
      .useValue({
        canActivate: (context: ExecutionContext) => {
          context.switchToHttp().getRequest().portalSession = { subject: 'operator' };
          return true;
        },
      })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use(requestIdMiddleware);
    await app.listen(0, '127.0.0.1');
    portalPort = ((app.getHttpServer() as Server).address() as AddressInfo).port;
  });

  beforeEach(() => {
    askedFor = [];
    requestIds = [];
  });

  afterAll(async () => {
    await app.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  /** The request line's target is sent exactly as given (node's client does not normalise it). */
  function ask(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; requestId: unknown }> {
    return new Promise((resolve, reject) => {
      const request = get({ host: '127.0.0.1', port: portalPort, path, agent: false, headers }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, requestId: response.headers['x-request-id'] }));
      });
      request.on('error', reject);
    });
  }

  it('asks the service for the rest of the path and the query', async () => {
    const answer = await ask('/api/scoring/v1/pemda/3171/scores?year=2025&q=%2F');

    expect(answer.status).toBe(200);
    expect(askedFor).toEqual(['/v1/pemda/3171/scores?year=2025&q=%2F']);
  });

  it.each(['/api/scorin%67/v1/x', '/api/%73coring/v1/x'])('answers 404 UNKNOWN_SERVICE to %s and asks no one', async (path) => {
    const answer = await ask(path);

    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'UNKNOWN_SERVICE' });
    expect(askedFor).toEqual([]);
  });

  it('asks the service for the path alone of a request line in absolute form', async () => {
    const answer = await ask('http://xxxxx/api/scoring/v1/x');

    expect(answer.status).toBe(200);
    expect(askedFor).toEqual(['/v1/x']);
  });

  it("asks the service under the portal's request id, so one id finds the request in both logs", async () => {
    const fresh = await ask('/api/scoring/v1/x');
    expect(fresh.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIds).toEqual([fresh.requestId]);

    const given = await ask('/api/scoring/v1/x', { 'x-request-id': 'lb-request-0001' });
    expect(given.requestId).toBe('lb-request-0001');
    expect(requestIds[1]).toBe('lb-request-0001');
  });
});
