import { AuthenticationError, TokenVerifier, type AuthPrincipal } from '@mcp/auth';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@mcp/service-runtime';
import type { PortalSession } from '../sessions/portal-session.entity';
import { SessionStore } from '../sessions/session-store';
import { ResponseBodyError } from 'openid-client';
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
  /** The renewal under way per session, resolving to the new access token every waiting request sends. */
  private readonly renewals = new Map<string, Promise<string>>();
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
    // Parallel requests of one browser share a single renewal, and each sends the token it brought:
    // every request loaded its own copy of the session row, and only the renewing one's was updated.
    let renewal = this.renewals.get(session.idHash);
    if (!renewal) {
      renewal = this.renew(session, now).finally(() => this.renewals.delete(session.idHash));
      this.renewals.set(session.idHash, renewal);
    }
    return renewal;
  }

  private async renew(loaded: PortalSession, now: number): Promise<string> {
    // Renewed meanwhile by a request that loaded the row later, or by another replica: use that,
    // rather than spend a refresh token already exchanged (refused once Keycloak rotates them).
    const current = await this.sessions.findByHash(loaded.idHash);
    if (current.state !== 'active') throw sessionExpired();
    const session = current.session;
    if (!session.refreshToken || !session.accessExpiresAt || session.accessExpiresAt.getTime() - RENEW_BEFORE_MS > now) {
      Object.assign(loaded, { accessToken: session.accessToken, accessExpiresAt: session.accessExpiresAt, refreshToken: session.refreshToken, principal: session.principal });
      return session.accessToken;
    }
    let tokens;
    try {
      tokens = await this.identityProvider.refresh(session.refreshToken);
    } catch (error) {
      // Refused (invalid_grant: locked, signed out elsewhere, idle too long) ends the session. An
      // identity provider that is down or slow for a minute signs no one out: this request fails
      // with 503 and the next one renews.
      if (!(error instanceof ResponseBodyError && error.error === 'invalid_grant')) {
        this.logger.warn(`A session's tokens were not renewed; the identity provider did not answer: ${(error as Error).message}`);
        throw new DomainError(
          'unavailable',
          'IDENTITY_PROVIDER_UNAVAILABLE',
          'Layanan masuk (SSO) sedang tidak dapat dihubungi; sesi Anda tetap aktif. Silakan coba lagi sebentar lagi.',
        );
      }
      await this.sessions.closeByHash(session.idHash);
      throw sessionExpired();
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
        throw sessionExpired();
      }
      this.logger.warn(`Renewed a session's tokens without reading its principal again: ${error.message}`);
    }
    const renewed = {
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.accessExpiresAt,
      refreshToken: tokens.refreshToken ?? session.refreshToken,
      principal,
    };
    await this.sessions.renew(session, renewed);
    Object.assign(loaded, renewed);
    return renewed.accessToken;
  }
}

function sessionExpired(): DomainError {
  return new DomainError('unauthenticated', 'SESSION_EXPIRED', 'Sesi Anda telah berakhir; silakan masuk kembali.');
}
