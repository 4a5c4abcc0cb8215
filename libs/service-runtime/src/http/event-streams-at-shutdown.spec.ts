import { Controller, Get, Res, Sse, type INestApplication, type MessageEvent } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import { get, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { interval, map, type Observable } from 'rxjs';
import { EventStreamsAtShutdown } from './event-streams-at-shutdown';

@Controller()
class StreamsController {
  /** As notification's inbox stream: Nest's @Sse over an observable that never completes. */
  @Sse('observed')
  observed(): Observable<MessageEvent> {
    return interval(100).pipe(map(() => ({ type: 'ping', data: '' })));
  }

  /** As the portal's live feed: written by hand on the raw response. */
  @Get('written')
  written(@Res() response: Response): void {
    response.status(200).setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.flushHeaders();
    response.write('retry: 3000\n\n');
    const ping = setInterval(() => response.write('event: ping\ndata: {}\n\n'), 100);
    response.on('close', () => clearInterval(ping));
  }

  /** Declared only to writeHead, as Nest's @Sse does: not readable with getHeader afterwards. */
  @Get('head-only')
  headOnly(@Res() response: Response): void {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(': ping\n\n');
  }

  /** An ordinary answer that takes a while: a stop must let it finish. */
  @Get('slow')
  async slow(): Promise<{ done: boolean }> {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { done: true };
  }
}

/*
 * Node's server.close() waits for every response under way, and an event stream never ends by
 * itself: without the provider, each close() below never returns and the test times out.
 */
describe('EventStreamsAtShutdown', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [StreamsController], providers: [EventStreamsAtShutdown] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    // Nothing sets a header before the route does (the services' middleware does), so the
    // head-only route's content type is written by writeHead alone.
    (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  /** A GET as an EventSource sends it, or with another `accept`. */
  function opened(path: string, accept = 'text/event-stream'): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      get(`${baseUrl}${path}`, { agent: false, headers: { accept } }, resolve).on('error', reject);
    });
  }

  /** Resolves with what the client read once its stream ended, however it ended. */
  function untilEnded(response: IncomingMessage): Promise<string> {
    let body = '';
    response.on('data', (chunk: Buffer) => (body += chunk.toString()));
    return new Promise((resolve) => {
      response.on('close', () => resolve(body));
      response.on('error', () => resolve(body));
    });
  }

  it.each(['observed', 'written'])('cuts an open %s stream so the service stops', async (path) => {
    const response = await opened(`/${path}`);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const ended = untilEnded(response);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(app.get(EventStreamsAtShutdown).openEventStreams).toBe(1);

    await app.close();

    expect(await ended).toContain('ping');
  }, 10_000);

  it('cuts a stream whose content type only writeHead was given, by what its request asked for', async () => {
    const response = await opened('/head-only');
    const ended = untilEnded(response);
    await new Promise((resolve) => setTimeout(resolve, 100));

    await app.close();

    expect(await ended).toContain('ping');
  }, 10_000);

  it('cuts a stream begun after the stop began, while the server still takes requests', async () => {
    // The other modules' hooks run after this one and before Nest closes the server.
    app.get(EventStreamsAtShutdown).beforeApplicationShutdown();
    const response = await opened('/written');
    const ended = untilEnded(response);

    expect(await ended).toContain('retry: 3000');
    await app.close();
  }, 10_000);

  it('lets go of a pipelined response still queued when its client leaves', async () => {
    const port = Number(new URL(baseUrl).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 800));

    expect(app.get(EventStreamsAtShutdown).responsesUnderWay).toBe(0);
    await app.close();
  }, 10_000);

  it('lets an ordinary request under way finish with its answer', async () => {
    const answer = opened('/slow', 'application/json').then(async (response) => ({ status: response.statusCode, body: await untilEnded(response) }));
    await new Promise((resolve) => setTimeout(resolve, 100));

    await app.close();

    expect(await answer).toEqual({ status: 200, body: JSON.stringify({ done: true }) });
  }, 10_000);
});
