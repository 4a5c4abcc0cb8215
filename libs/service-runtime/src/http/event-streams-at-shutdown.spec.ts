import { Controller, Get, Res, Sse, type INestApplication, type MessageEvent } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import { get, type IncomingMessage } from 'node:http';
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
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  function opened(path: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      get(`${baseUrl}${path}`, { agent: false, headers: { accept: 'text/event-stream' } }, resolve).on('error', reject);
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

  it('lets an ordinary request under way finish with its answer', async () => {
    const answer = opened('/slow').then(async (response) => ({ status: response.statusCode, body: await untilEnded(response) }));
    await new Promise((resolve) => setTimeout(resolve, 100));

    await app.close();

    expect(await answer).toEqual({ status: 200, body: JSON.stringify({ done: true }) });
  }, 10_000);
});
