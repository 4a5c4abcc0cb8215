import type { AuthPrincipal } from '@mcp/auth';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from './session-cookie';
import { SessionStore, type SessionLookup } from './session-store';

type RequestWithSessionLookup = Request & { portalSessionLookup?: Promise<SessionLookup>; principal?: AuthPrincipal };

/** The session this request's cookie names, looked up once per request whoever asks first. */
export function sessionLookupOf(request: Request, sessions: SessionStore): Promise<SessionLookup> {
  const withLookup = request as RequestWithSessionLookup;
  withLookup.portalSessionLookup ??= sessions.find(request.cookies?.[SESSION_COOKIE]);
  return withLookup.portalSessionLookup;
}

/**
 * Puts a signed-in browser's principal on the request before the platform's guard counts it, so
 * the rate limit counts each person rather than each address: every portal route is public to the
 * services' token guard, and the staff of one Pemda office (or everyone behind an ingress) share
 * one address and would otherwise share the anonymous limit (docs/decisions.md #134). A cookie that
 * names no active session counts against the address as before.
 */
@Injectable()
export class SessionPrincipalMiddleware implements NestMiddleware {
  constructor(private readonly sessions: SessionStore) {}

  async use(request: Request, _response: Response, next: NextFunction): Promise<void> {
    try {
      const lookup = await sessionLookupOf(request, this.sessions);
      if (lookup.state === 'active') (request as RequestWithSessionLookup).principal = lookup.session.principal;
    } catch {
      // The session could not be read (the database is unreachable): counted by address; SessionGuard meets the same failure and answers it.
    }
    next();
  }
}
