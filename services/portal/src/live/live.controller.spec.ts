import type { AuthPrincipal } from '@mcp/auth';
import type { Response } from 'express';
import { EventEmitter } from 'node:events';
import type { PortalSession } from '../sessions/portal-session.entity';
import type { SessionLookup, SessionStore } from '../sessions/session-store';
import type { LiveFeed } from './live-feed';
import type { LiveMessage } from './live-message';
import { LiveController, STREAMS_PER_SESSION } from './live.controller';

/** A response that records what the stream wrote and whether it ended. */
class RecordedResponse extends EventEmitter {
  written: string[] = [];
  ended = false;
  destroyed = false;
  socket: { destroyed: boolean } | null = { destroyed: false };
  /** What the client has not read yet (a client that stopped reading lets it grow). */
  writableLength = 0;
  unread = false;
  status(): this {
    return this;
  }
  headers = new Map<string, string>();
  setHeader(name: string, value: string): void {
    this.headers.set(name, value);
  }
  flushHeaders(): void {
    this.written.push('');
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    if (this.unread) this.writableLength += chunk.length;
    return this.writableLength < 16 * 1024;
  }
  end(chunk?: string): void {
    if (chunk !== undefined) this.written.push(chunk);
    this.ended = true;
    this.emit('close');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

const operatorOf = (pemdaCode: string): AuthPrincipal => ({ subject: 'operator', roles: ['pemda-operator'], pemdaCode });
const scoreOf = (pemdaCode: string): LiveMessage => ({ event: 'score.updated', data: { pemdaCode, provinceCode: pemdaCode.slice(0, 2), wilayah: 'III', year: 2024, total: '50.00' } });

describe('the live stream', () => {
  let listener: (message: LiveMessage) => void = () => undefined;
  let subscribers = 0;
  const feed = {
    subscribe: (next: (message: LiveMessage) => void) => {
      listener = next;
      subscribers += 1;
      return () => (subscribers -= 1);
    },
  } as unknown as LiveFeed;
  let stored: SessionLookup;
  const sessions = { findByHash: async () => stored } as unknown as SessionStore;
  const session = { idHash: 'h', principal: operatorOf('32.73'), expiresAt: new Date(Date.now() + 8 * 3600_000) } as PortalSession;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  let controller: LiveController;
  beforeEach(() => {
    controller = new LiveController(feed, sessions);
    subscribers = 0;
  });
  const open = (response = new RecordedResponse()) => {
    controller.stream(response as unknown as Response, session);
    return response;
  };

  it('sets nothing up for a browser that left while its session was being read', async () => {
    stored = { state: 'active', session };
    const gone = new RecordedResponse();
    gone.socket = { destroyed: true };
    open(gone);
    expect([gone.written, subscribers, jest.getTimerCount()]).toEqual([[], 0, 0]);
  });

  it('cuts a stream whose client stopped reading once its unsent bytes pass the limit', () => {
    const response = new RecordedResponse();
    response.unread = true;
    open(response);
    for (let n = 0; n < 10_000 && !response.destroyed; n += 1) listener(scoreOf('32.73'));
    expect(response.destroyed).toBe(true);
    expect(response.writableLength).toBeGreaterThan(256 * 1024);
    expect(response.writableLength).toBeLessThan(257 * 1024);
    expect(subscribers).toBe(0);
  });

  it('keeps at most STREAMS_PER_SESSION streams of one session: a newer one ends the oldest', () => {
    const streams = Array.from({ length: STREAMS_PER_SESSION }, () => open());
    expect(streams.some((stream) => stream.destroyed)).toBe(false);
    const newest = open();
    expect([streams[0].ended, streams[1].ended, newest.ended, subscribers]).toEqual([true, false, false, STREAMS_PER_SESSION]);
    // Told to come back in a minute, not 3 s: a ninth tab would otherwise evict another at every reconnect.
    expect(streams[0].written.join('')).toMatch(/retry: 60000\n\n$/);
  });

  it('ends within a minute of the session being signed out elsewhere', async () => {
    stored = { state: 'active', session };
    const response = open();
    await jest.advanceTimersByTimeAsync(50_000);
    expect(response.ended).toBe(false);
    stored = { state: 'none' };
    await jest.advanceTimersByTimeAsync(50_000);
    expect(response.ended).toBe(true);
  });

  it('filters what follows by the principal a renewal brought', async () => {
    stored = { state: 'active', session };
    const response = open();
    listener(scoreOf('32.73'));
    expect(response.written.join('')).toContain('"pemdaCode":"32.73"');
    // Moved to another Pemda in the identity provider, renewed since: the old Pemda's news stops.
    stored = { state: 'active', session: { ...session, principal: operatorOf('32.01') } as PortalSession };
    await jest.advanceTimersByTimeAsync(50_000);
    response.written = [];
    listener(scoreOf('32.73'));
    listener(scoreOf('32.01'));
    expect(response.written.join('')).not.toContain('"pemdaCode":"32.73"');
    expect(response.written.join('')).toContain('"pemdaCode":"32.01"');
    expect(response.ended).toBe(false);
  });
});
