import type { AuthPrincipal } from '@mcp/auth';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { PortalSession } from './portal-session.entity';

export interface NewSession {
  principal: AuthPrincipal;
  accessToken: string;
  devSignIn: boolean;
  expiresAt: Date;
  /** Sessions opened through the identity provider. */
  refreshToken?: string | null;
  accessExpiresAt?: Date | null;
  idToken?: string | null;
}

export interface RenewedTokens {
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  /** Read again from the renewed access token. */
  principal: AuthPrincipal;
}

export type SessionLookup = { state: 'none' } | { state: 'expired' } | { state: 'active'; session: PortalSession };

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/**
 * What `open` hands out: 32 random bytes in base64url. Anything else (cookie-parser turns `j:…`
 * into an object) names no session and costs no query, however fast it is sent.
 */
const isSessionId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);

/** Sessions in the portal's own table, so any replica serves any browser and a restart signs no one out. */
@Injectable()
export class SessionStore {
  constructor(@InjectRepository(PortalSession) private readonly sessions: Repository<PortalSession>) {}

  /** Returns the cookie value: 256 random bits, known only to the browser. */
  async open(session: NewSession): Promise<{ sessionId: string; stored: PortalSession }> {
    const sessionId = randomBytes(32).toString('base64url');
    const stored = this.sessions.create({
      idHash: hashOf(sessionId),
      subject: session.principal.subject,
      principal: session.principal,
      accessToken: session.accessToken,
      csrfToken: randomBytes(32).toString('base64url'),
      devSignIn: session.devSignIn,
      refreshToken: session.refreshToken ?? null,
      accessExpiresAt: session.accessExpiresAt ?? null,
      idToken: session.idToken ?? null,
      createdAt: new Date(),
      expiresAt: session.expiresAt,
    });
    await this.sessions.insert(stored);
    // Expired rows are useless to anyone: each sign-in clears them rather than a separate job.
    await this.sessions.delete({ expiresAt: LessThan(new Date(Date.now() - 24 * 3600_000)) });
    return { sessionId, stored };
  }

  async find(sessionId: unknown, now = new Date()): Promise<SessionLookup> {
    if (!isSessionId(sessionId)) return { state: 'none' };
    return this.findByHash(hashOf(sessionId), now);
  }

  /** The session as it stands now, for what holds on to one past its request (the live stream). */
  async findByHash(idHash: string, now = new Date()): Promise<SessionLookup> {
    const session = await this.sessions.findOneBy({ idHash });
    if (!session) return { state: 'none' };
    if (session.expiresAt <= now) return { state: 'expired' };
    return { state: 'active', session };
  }

  async renew(session: PortalSession, tokens: RenewedTokens): Promise<void> {
    await this.sessions.update({ idHash: session.idHash }, tokens);
    Object.assign(session, tokens);
  }

  async closeByHash(idHash: string): Promise<void> {
    await this.sessions.delete({ idHash });
  }

  async close(sessionId: unknown): Promise<void> {
    if (!isSessionId(sessionId)) return;
    await this.sessions.delete({ idHash: hashOf(sessionId) });
  }
}
