import type { AuthPrincipal, Wilayah } from '@mcp/auth';
import type { VerifierWilayahs } from '@mcp/verifier-wilayah';
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

/** Taken before the fake timers replace it. */
const realSetImmediate = setImmediate;
const operatorOf = (pemdaCode: string): AuthPrincipal => ({ subject: 'operator', roles: ['pemda-operator'], pemdaCode });
const verifierOf = (wilayah: Wilayah): AuthPrincipal => ({ subject: 'dewi', roles: ['verifier'], wilayah });
const scoreOf = (pemdaCode: string, wilayah: Wilayah = 'III'): LiveMessage => ({ event: 'score.updated', data: { pemdaCode, provinceCode: pemdaCode.slice(0, 2), wilayah, year: 2024, total: '50.00' } });

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
  /** An admin's wilayah overrides by subject, as the portal's verifier_wilayah holds them. */
  const overrides = new Map<string, Wilayah>();
  /** Set, the override read fails as a database away would. */
  let overridesUnreadable = false;
  const wilayahs = {
    effective: async (principal: AuthPrincipal) => {
      if (overridesUnreadable) throw new Error('timeout exceeded when trying to connect');
      return overrides.has(principal.subject) ? { ...principal, wilayah: overrides.get(principal.subject) } : principal;
    },
  } as unknown as VerifierWilayahs;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  let controller: LiveController;
  beforeEach(() => {
    controller = new LiveController(feed, sessions, wilayahs);
    subscribers = 0;
    overrides.clear();
    overridesUnreadable = false;
  });
  const open = async (response = new RecordedResponse(), opened = session) => {
    await controller.stream(response as unknown as Response, opened);
    return response;
  };

  it('sets nothing up for a browser that left while its session was being read', async () => {
    stored = { state: 'active', session };
    const gone = new RecordedResponse();
    gone.socket = { destroyed: true };
    await open(gone);
    expect([gone.written, subscribers, jest.getTimerCount()]).toEqual([[], 0, 0]);
  });

  it('cuts a stream whose client stopped reading once its unsent bytes pass the limit', async () => {
    const response = new RecordedResponse();
    response.unread = true;
    await open(response);
    for (let n = 0; n < 10_000 && !response.destroyed; n += 1) listener(scoreOf('32.73'));
    expect(response.destroyed).toBe(true);
    expect(response.writableLength).toBeGreaterThan(256 * 1024);
    expect(response.writableLength).toBeLessThan(257 * 1024);
    expect(subscribers).toBe(0);
  });

  it('keeps at most STREAMS_PER_SESSION streams of one session: a newer one ends the oldest', async () => {
    const streams: RecordedResponse[] = [];
    for (let n = 0; n < STREAMS_PER_SESSION; n += 1) streams.push(await open());
    expect(streams.some((stream) => stream.destroyed)).toBe(false);
    const newest = await open();
    expect([streams[0].ended, streams[1].ended, newest.ended, subscribers]).toEqual([true, false, false, STREAMS_PER_SESSION]);
    // Told to come back in a minute, not 3 s: a ninth tab would otherwise evict another at every reconnect.
    expect(streams[0].written.join('')).toMatch(/retry: 60000\n\n$/);
  });

  it('ends within a minute of the session being signed out elsewhere', async () => {
    stored = { state: 'active', session };
    const response = await open();
    await jest.advanceTimersByTimeAsync(50_000);
    expect(response.ended).toBe(false);
    stored = { state: 'none' };
    await jest.advanceTimersByTimeAsync(50_000);
    expect(response.ended).toBe(true);
  });

  it('filters what follows by the principal a renewal brought', async () => {
    stored = { state: 'active', session };
    const response = await open();
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

  it("filters by the wilayah an admin moved a verifier to, from the stream's first message and after a later move", async () => {
    const verifierSession = { ...session, principal: verifierOf('III') } as PortalSession;
    stored = { state: 'active', session: verifierSession };
    overrides.set('dewi', 'V');
    const response = await open(new RecordedResponse(), verifierSession);
    listener(scoreOf('32.73', 'III'));
    listener(scoreOf('53.01', 'V'));
    expect(response.written.join('')).not.toContain('"pemdaCode":"32.73"');
    expect(response.written.join('')).toContain('"pemdaCode":"53.01"');
    // Moved back (the override removed): the token's wilayah holds again from the next session check.
    overrides.delete('dewi');
    await jest.advanceTimersByTimeAsync(50_000);
    response.written = [];
    listener(scoreOf('32.73', 'III'));
    listener(scoreOf('53.01', 'V'));
    expect(response.written.join('')).toContain('"pemdaCode":"32.73"');
    expect(response.written.join('')).not.toContain('"pemdaCode":"53.01"');
  });

  it('goes on with what it knew when the override cannot be read at a session check, and asks again at the next', async () => {
    const verifierSession = { ...session, principal: verifierOf('III') } as PortalSession;
    stored = { state: 'active', session: verifierSession };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const response = await open(new RecordedResponse(), verifierSession);
      overrides.set('dewi', 'V');
      overridesUnreadable = true;
      await jest.advanceTimersByTimeAsync(50_000);
      // Let a rejection nobody handled be reported before looking (a real turn of the event loop).
      await new Promise((resolve) => realSetImmediate(resolve));
      expect([response.ended, response.destroyed, unhandled]).toEqual([false, false, []]);
      response.written = [];
      listener(scoreOf('32.73', 'III'));
      expect(response.written.join('')).toContain('"pemdaCode":"32.73"');
      overridesUnreadable = false;
      await jest.advanceTimersByTimeAsync(50_000);
      response.written = [];
      listener(scoreOf('32.73', 'III'));
      expect(response.written.join('')).not.toContain('"pemdaCode":"32.73"');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
