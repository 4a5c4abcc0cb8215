import type { AuthPrincipal } from '@mcp/auth';
import type { Response } from 'express';
import { EventEmitter } from 'node:events';
import type { PortalSession } from '../sessions/portal-session.entity';
import type { SessionLookup, SessionStore } from '../sessions/session-store';
import type { LiveFeed } from './live-feed';
import type { LiveMessage } from './live-message';
import { LiveController } from './live.controller';

/** A response that records what the stream wrote and whether it ended. */
class RecordedResponse extends EventEmitter {
  written: string[] = [];
  ended = false;
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
    return true;
  }
  end(): void {
    this.ended = true;
    this.emit('close');
  }
}

const operatorOf = (pemdaCode: string): AuthPrincipal => ({ subject: 'operator', roles: ['pemda-operator'], pemdaCode });
const scoreOf = (pemdaCode: string): LiveMessage => ({ event: 'score.updated', data: { pemdaCode, provinceCode: pemdaCode.slice(0, 2), wilayah: 'III', year: 2024, total: '50.00' } });

describe('the live stream', () => {
  let listener: (message: LiveMessage) => void = () => undefined;
  const feed = { subscribe: (next: (message: LiveMessage) => void) => ((listener = next), () => undefined) } as unknown as LiveFeed;
  let stored: SessionLookup;
  const sessions = { findByHash: async () => stored } as unknown as SessionStore;
  const session = { idHash: 'h', principal: operatorOf('32.73'), expiresAt: new Date(Date.now() + 8 * 3600_000) } as PortalSession;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const open = () => {
    const response = new RecordedResponse();
    new LiveController(feed, sessions).stream(response as unknown as Response, session);
    return response;
  };

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
