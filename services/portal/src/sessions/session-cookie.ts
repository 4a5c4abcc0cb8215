import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'mcp_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * HttpOnly: no script reads it. SameSite=Lax: other sites cannot send it with their POSTs (the
 * CSRF header is the second lock). Secure whenever the portal is served over TLS.
 */
export function sessionCookieOptions(publicUrl: string, expiresAt?: Date): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https://'),
    path: '/',
    ...(expiresAt ? { expires: expiresAt } : {}),
  };
}
