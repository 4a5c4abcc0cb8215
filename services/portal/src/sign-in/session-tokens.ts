import { AuthenticationError, TokenVerifier, type AuthPrincipal } from '@mcp/auth';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@mcp/service-runtime';
import type { PortalSession } from '../sessions/portal-session.entity';
import { SessionStore } from '../sessions/session-store';
import { OidcClient } from './oidc-client';

/** Renew a little before the end, so a token never expires on its way to a service. */
const RENEW_BEFORE_MS = 30_000;

/**
 * The bearer token a session sends to the services: as stored, or renewed with the session's
 * refresh token when an identity-provider token is about to run out. A refresh the identity
 * provider refuses (the person was locked, or signed out elsewhere) ends the session here too.
 */
@Injectable()
export class SessionTokens {
  private readonly renewals = new Map<string, Promise<void>>();
  private readonly logger = new Logger(SessionTokens.name);

  constructor(
    private readonly sessions: SessionStore,
    private readonly identityProvider: OidcClient,
    private readonly verifier: TokenVerifier,
  ) {}

  async bearerFor(session: PortalSession, now = Date.now()): Promise<string> {
    if (!session.refreshToken || !session.accessExpiresAt || session.accessExpiresAt.getTime() - RENEW_BEFORE_MS > now) {
      return session.accessToken;
    }
    // Parallel requests of one browser share a single renewal.
    let renewal = this.renewals.get(session.idHash);
    if (!renewal) {
      renewal = this.renew(session).finally(() => this.renewals.delete(session.idHash));
      this.renewals.set(session.idHash, renewal);
    }
    await renewal;
    return session.accessToken;
  }

  private async renew(session: PortalSession): Promise<void> {
    let tokens;
    try {
      tokens = await this.identityProvider.refresh(session.refreshToken as string);
    } catch {
      await this.sessions.closeByHash(session.idHash);
      throw new DomainError('unauthenticated', 'SESSION_EXPIRED', 'Sesi Anda telah berakhir; silakan masuk kembali.');
    }
    // Who the person is now, as at sign-in: a Pemda admin moved or demoted in the identity provider
    // stops being one at the next renewal (minutes), not when the session ends (hours). A token the
    // services would refuse (no role left, bad claims) ends the session; keys that cannot be fetched
    // for a moment do not sign anyone out: the session keeps its principal until the next renewal,
    // and every service checks the token itself.
    let principal: AuthPrincipal = session.principal;
    try {
      principal = await this.verifier.verify(tokens.accessToken);
    } catch (error) {
      if (!(error instanceof AuthenticationError && error.failure === 'key-unavailable')) {
        await this.sessions.closeByHash(session.idHash);
        throw new DomainError('unauthenticated', 'SESSION_EXPIRED', 'Sesi Anda telah berakhir; silakan masuk kembali.');
      }
      this.logger.warn(`Renewed a session's tokens without reading its principal again: ${error.message}`);
    }
    await this.sessions.renew(session, {
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.accessExpiresAt,
      refreshToken: tokens.refreshToken ?? (session.refreshToken as string),
      principal,
    });
  }
}
