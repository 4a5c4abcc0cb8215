import { DomainError } from '@mcp/service-runtime';
import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { PortalSession } from './portal-session.entity';
import { CSRF_HEADER } from './session-cookie';
import { sessionLookupOf } from './session-principal.middleware';
import { SessionStore } from './session-store';

type RequestWithSession = Request & { portalSession?: PortalSession };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Admits a request that carries an active session, and for anything that changes state also the
 * session's CSRF token in a header (synchronizer token: a cross-site form can send the cookie but
 * cannot read the token).
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionStore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithSession>();
    // A link on another site opens a GET with the (SameSite=Lax) cookie and no CSRF token: through
    // the proxy that could download evidence, audited in the victim's name. The portal's own pages
    // call same-origin; an address typed or bookmarked says `none`. Another host of the same domain
    // (`same-site`, any *.go.id page) is as foreign as any other. Older browsers send no header.
    const site = request.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new DomainError('forbidden', 'CROSS_SITE_REQUEST', 'Permintaan dari situs lain ditolak; buka alamat ini dari portal MCP.');
    }
    const lookup = await sessionLookupOf(request, this.sessions);
    if (lookup.state === 'expired') {
      throw new DomainError('unauthenticated', 'SESSION_EXPIRED', 'Sesi Anda telah berakhir; silakan masuk kembali.');
    }
    if (lookup.state === 'none') throw new DomainError('unauthenticated', 'NOT_SIGNED_IN', 'Silakan masuk terlebih dahulu.');
    if (!SAFE_METHODS.has(request.method) && !sameSecret(request.header(CSRF_HEADER), lookup.session.csrfToken)) {
      throw new DomainError('forbidden', 'CSRF_TOKEN_INVALID', 'Token CSRF tidak ada atau tidak cocok; muat ulang halaman.');
    }
    request.portalSession = lookup.session;
    return true;
  }
}

/** The session SessionGuard admitted. */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): PortalSession => {
    const session = context.switchToHttp().getRequest<RequestWithSession>().portalSession;
    if (!session) throw new Error('CurrentSession used on a route without SessionGuard');
    return session;
  },
);
