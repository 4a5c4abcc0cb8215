import { Public, TokenVerifier } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { PortalConfig } from '../portal-config';
import { sessionCookieOptions, SESSION_COOKIE } from '../sessions/session-cookie';
import { PeopleDirectory } from '../people/people-directory';
import { SessionStore } from '../sessions/session-store';
import { OidcClient, type SignInAttempt } from './oidc-client';

const ATTEMPT_COOKIE = 'mcp_sign_in';
const ATTEMPT_MINUTES = 10;

/** Only a path of this portal: never an absolute URL another site could be sent to. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/';
}

/**
 * Sign-in through the identity provider (docs/decisions.md #63): `/auth/oidc/start` sends the
 * browser to Keycloak with a PKCE challenge, state and nonce (kept in a short HttpOnly cookie);
 * `/auth/oidc/callback` exchanges the code, checks the access token as every service will, and opens
 * the portal session. The browser ends up with the session cookie only.
 */
@Public()
@ApiTags('sign-in')
@Controller('auth/oidc')
export class OidcSignInController {
  private readonly logger = new Logger(OidcSignInController.name);

  constructor(
    private readonly config: PortalConfig,
    private readonly identityProvider: OidcClient,
    private readonly sessions: SessionStore,
    private readonly people: PeopleDirectory,
    private readonly tokens: TokenVerifier,
  ) {}

  @Get('start')
  @ApiOperation({ summary: 'Starts sign-in through the identity provider: redirects the browser there (404 when it is not configured)' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'A path of the portal to come back to (anything else: /)' })
  @ApiFoundResponse({
    description: "To the identity provider's sign-in page, with a PKCE challenge, state and nonce; to `/masuk?signInError=IDENTITY_PROVIDER_UNAVAILABLE` when it cannot be reached",
    headers: { Location: { schema: { type: 'string' } } },
  })
  async start(@Req() request: Request, @Res() response: Response, @Query('returnTo') returnTo?: string): Promise<void> {
    this.assertEnabled();
    let started: Awaited<ReturnType<OidcClient['start']>>;
    try {
      started = await this.identityProvider.start(this.callbackUrl(request), safeReturnPath(returnTo));
    } catch (error) {
      // A person clicked a button: back to the sign-in page, which says the provider cannot be
      // reached, rather than a JSON 503 in a browser tab.
      this.logger.warn(`The identity provider could not be reached to start a sign-in: ${(error as Error).message} (${String((error as Error).cause ?? 'no cause given')})`);
      response.redirect(302, signInErrorPage('IDENTITY_PROVIDER_UNAVAILABLE', safeReturnPath(returnTo)));
      return;
    }
    const { url, attempt } = started;
    response.cookie(ATTEMPT_COOKIE, Buffer.from(JSON.stringify(attempt)).toString('base64url'), this.attemptCookie(ATTEMPT_MINUTES * 60_000));
    response.redirect(302, url.href);
  }

  @Get('callback')
  @ApiOperation({ summary: "Where the identity provider sends the browser back: opens the portal session and sets its cookie" })
  @ApiFoundResponse({
    description: 'To `returnTo` when signed in; to `/masuk?signInError=SIGN_IN_EXPIRED`, `SIGN_IN_FAILED` or `SESSION_UNAVAILABLE` (with `next`) when not',
    headers: { Location: { schema: { type: 'string' } } },
  })
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.assertEnabled();
    const attempt = attemptFrom(request.cookies?.[ATTEMPT_COOKIE]);
    response.clearCookie(ATTEMPT_COOKIE, this.attemptCookie());
    if (!attempt) {
      response.redirect(302, '/masuk?signInError=SIGN_IN_EXPIRED');
      return;
    }
    let principal;
    let tokens;
    try {
      tokens = await this.identityProvider.finish(new URL(request.originalUrl, attempt.redirectUri), attempt);
      // The same checks every service makes (issuer, audience, typ, azp, roles and their scope).
      principal = await this.tokens.verify(tokens.accessToken);
    } catch (error) {
      this.logger.warn(`Sign-in through the identity provider refused: ${(error as Error).message}`);
      response.redirect(302, signInErrorPage('SIGN_IN_FAILED', attempt.returnTo));
      return;
    }
    const expiresAt = new Date(Date.now() + this.config.PORTAL_SESSION_HOURS * 3600_000);
    const previous = request.cookies?.[SESSION_COOKIE];
    let sessionId: string;
    try {
      if (typeof previous === 'string') await this.sessions.close(previous);
      ({ sessionId } = await this.sessions.open({ principal, devSignIn: false, expiresAt, ...tokens }));
      await this.people.recordSignIn(principal);
    } catch (error) {
      // The person signed in at Keycloak; the portal could not keep the session (its database away):
      // back to the sign-in page with the reason, not a JSON 503 in the tab.
      this.logger.warn(`Sign-in of ${principal.subject} not kept: ${(error as Error).message}`);
      response.redirect(302, signInErrorPage('SESSION_UNAVAILABLE', attempt.returnTo));
      return;
    }
    response.cookie(SESSION_COOKIE, sessionId, sessionCookieOptions(this.config.PORTAL_PUBLIC_URL, expiresAt));
    response.redirect(302, attempt.returnTo);
  }

  /**
   * In production always the configured public address (the identity provider allows exactly it);
   * in development the address the browser used, so a portal on any local port can sign in.
   */
  private callbackUrl(request: Request): string {
    const origin = this.config.MCP_ENVIRONMENT === 'production' ? this.config.PORTAL_PUBLIC_URL : `${request.protocol}://${request.get('host')}`;
    return `${origin}/auth/oidc/callback`;
  }

  private attemptCookie(maxAge?: number): CookieOptions {
    const { expires: _expires, ...options } = sessionCookieOptions(this.config.PORTAL_PUBLIC_URL);
    return { ...options, path: '/auth/oidc', ...(maxAge ? { maxAge } : {}) };
  }

  private assertEnabled(): void {
    if (!this.identityProvider.enabled) {
      throw new DomainError('not-found', 'IDENTITY_PROVIDER_DISABLED', 'Masuk melalui penyedia identitas belum dikonfigurasi (PORTAL_OIDC_ISSUER).');
    }
  }
}

function attemptFrom(cookie: unknown): SignInAttempt | undefined {
  if (typeof cookie !== 'string') return undefined;
  try {
    const attempt = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as SignInAttempt;
    return typeof attempt.state === 'string' && typeof attempt.codeVerifier === 'string' ? { ...attempt, returnTo: safeReturnPath(attempt.returnTo) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The sign-in page with the reason it is shown again; the deep link the person came for rides along
 * (`next`), so the second try still ends there.
 */
export function signInErrorPage(code: 'IDENTITY_PROVIDER_UNAVAILABLE' | 'SIGN_IN_FAILED' | 'SESSION_UNAVAILABLE', returnTo: string): string {
  const query = new URLSearchParams({ signInError: code });
  if (returnTo !== '/') query.set('next', returnTo);
  return `/masuk?${query}`;
}
