import { isRole, PEMDA_SCOPED_ROLES, Public, ROLES, TokenIssuer, WILAYAH, WILAYAH_SCOPED_ROLES, type AuthPrincipal } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { VerifierWilayahs } from '@mcp/verifier-wilayah';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PortalConfig } from '../portal-config';
import type { PortalSession } from '../sessions/portal-session.entity';
import { sessionCookieOptions, SESSION_COOKIE } from '../sessions/session-cookie';
import { sessionLookupOf } from '../sessions/session-principal.middleware';
import { CurrentSession, SessionGuard } from '../sessions/session.guard';
import { SessionStore } from '../sessions/session-store';
import { DevSignInDto } from './dev-sign-in.dto';
import { OidcClient } from './oidc-client';
import { PemdaDirectory } from '../directory/pemda-directory';
import { PeopleDirectory } from '../people/people-directory';
import { DevSignInOptionsView, SessionView, SignedOutView, SignInMethodsView, toSessionView } from './session.view';

// The browser never holds a bearer token: these routes are public to the services' JWT guard and
// guarded by the session cookie instead.
@Public()
@ApiTags('sign-in')
@Controller('auth')
export class SignInController {
  constructor(
    private readonly config: PortalConfig,
    private readonly sessions: SessionStore,
    private readonly pemda: PemdaDirectory,
    private readonly people: PeopleDirectory,
    private readonly wilayahs: VerifierWilayahs,
    private readonly identityProvider: OidcClient,
    @Inject(TokenIssuer) private readonly devTokens: TokenIssuer | null,
  ) {}

  @Get('session')
  @ApiOperation({ summary: 'Who is signed in with this session cookie (401 NOT_SIGNED_IN or SESSION_EXPIRED otherwise)' })
  @ApiOkResponse({ type: SessionView })
  async session(@Req() request: Request): Promise<SessionView> {
    const lookup = await sessionLookupOf(request, this.sessions);
    if (lookup.state === 'expired') throw new DomainError('unauthenticated', 'SESSION_EXPIRED', 'Sesi Anda telah berakhir; silakan masuk kembali.');
    if (lookup.state === 'none') throw new DomainError('unauthenticated', 'NOT_SIGNED_IN', 'Silakan masuk terlebih dahulu.');
    return toSessionView(lookup.session, await this.wilayahs.effective(lookup.session.principal), this.pemda);
  }

  /** Which ways in the sign-in page offers. */
  @Get('methods')
  @ApiOperation({ summary: 'Which ways in the sign-in page offers' })
  @ApiOkResponse({ type: SignInMethodsView })
  methods(): SignInMethodsView {
    return { devSignIn: Boolean(this.config.PORTAL_DEV_SIGN_IN && this.devTokens), identityProvider: this.identityProvider.enabled };
  }

  @Get('dev/options')
  @ApiOperation({ summary: 'Development sign-in only: the roles, wilayah and Pemda to choose from (404 DEV_SIGN_IN_DISABLED elsewhere)' })
  @ApiOkResponse({ type: DevSignInOptionsView })
  devOptions(): DevSignInOptionsView {
    this.assertDevSignIn();
    return { roles: ROLES, wilayah: WILAYAH, pemda: this.pemda.entries };
  }

  @Post('dev/sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development sign-in only: opens a session as the chosen role (JSON body only); sets the session cookie' })
  @ApiOkResponse({ type: SessionView })
  async devSignIn(@Req() request: Request, @Body() body: DevSignInDto, @Res({ passthrough: true }) response: Response): Promise<SessionView> {
    const devTokens = this.assertDevSignIn();
    // JSON only: a cross-site HTML form can post urlencoded bodies without a preflight, not JSON.
    if (!request.is('application/json')) {
      throw new DomainError('invalid-input', 'JSON_REQUIRED', 'Kirim data masuk sebagai application/json.');
    }
    const principal = this.principalFor(body);
    const expiresAt = new Date(Date.now() + this.config.PORTAL_SESSION_HOURS * 3600_000);
    const accessToken = await devTokens.issue(principal, `${this.config.PORTAL_SESSION_HOURS}h`);
    const previous = request.cookies?.[SESSION_COOKIE];
    if (typeof previous === 'string') await this.sessions.close(previous);
    // Read before the session opens: a refusal here leaves nobody signed in behind a 5xx.
    const effective = await this.wilayahs.effective(principal);
    const { sessionId, stored } = await this.sessions.open({ principal, accessToken, devSignIn: true, expiresAt });
    await this.people.recordSignIn(principal);
    response.cookie(SESSION_COOKIE, sessionId, sessionCookieOptions(this.config.PORTAL_PUBLIC_URL, expiresAt));
    return toSessionView(stored, effective, this.pemda);
  }

  /** Ends the portal session; for an identity-provider session also says where the browser ends that one. */
  @Post('sign-out')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  @ApiOperation({ summary: 'Ends the portal session and clears its cookie' })
  @ApiOkResponse({ type: SignedOutView })
  async signOut(
    @Req() request: Request,
    @CurrentSession() session: PortalSession,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SignedOutView> {
    await this.sessions.close(request.cookies[SESSION_COOKIE]);
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.PORTAL_PUBLIC_URL));
    const logoutUrl = session.devSignIn ? null : await this.identityProvider.endSessionUrl(session.idToken, `${this.config.PORTAL_PUBLIC_URL}/`);
    return { logoutUrl };
  }

  private assertDevSignIn(): TokenIssuer {
    if (!this.config.PORTAL_DEV_SIGN_IN || !this.devTokens) {
      throw new DomainError('not-found', 'DEV_SIGN_IN_DISABLED', 'Masuk mode pengembangan tidak tersedia di lingkungan ini.');
    }
    return this.devTokens;
  }

  private principalFor(body: DevSignInDto): AuthPrincipal {
    if (!isRole(body.role)) throw new DomainError('invalid-input', 'UNKNOWN_ROLE', `Peran tidak dikenal: ${body.role}`);
    const principal: AuthPrincipal = { subject: `dev-${body.role}`, roles: [body.role] };
    if (PEMDA_SCOPED_ROLES.includes(body.role)) {
      const pemda = body.pemdaCode ? this.pemda.find(body.pemdaCode) : undefined;
      if (!pemda) throw new DomainError('invalid-input', 'UNKNOWN_PEMDA', `Pilih Pemda yang terdaftar (kode ${body.pemdaCode ?? 'kosong'}).`);
      principal.pemdaCode = pemda.code;
      principal.subject = `dev-${body.role}-${pemda.code}`;
      principal.name = body.name ?? `${body.role === 'pemda-admin' ? 'Admin' : 'Operator'} ${pemda.name}`;
    } else if (WILAYAH_SCOPED_ROLES.includes(body.role)) {
      if (!body.wilayah) throw new DomainError('invalid-input', 'WILAYAH_REQUIRED', 'Pilih wilayah untuk peran verifikator atau QA.');
      principal.wilayah = body.wilayah;
      principal.subject = `dev-${body.role}-${body.wilayah}`;
      principal.name = body.name ?? `${body.role === 'qa' ? 'QA' : 'Verifikator'} Wilayah ${body.wilayah}`;
    } else {
      principal.name = body.name ?? (body.role === 'admin' ? 'Admin KPK' : 'Analis KPK');
    }
    return principal;
  }
}
