import type { ExecutionContext } from '@nestjs/common';
import type { PortalSession } from './portal-session.entity';
import { SessionGuard } from './session.guard';
import type { SessionStore } from './session-store';

/*
 * A link on another site opens a GET with the session cookie (SameSite=Lax lets a top-level
 * navigation carry it) and no CSRF token: through the proxy that could download a file, recorded
 * in the audit trail in the name of whoever clicked. The browser says where a request comes from.
 */
describe('SessionGuard and where a request comes from', () => {
  const session = { subject: 'verifier', csrfToken: 'csrf' } as PortalSession;
  const sessions = { find: async () => ({ state: 'active', session }) } as unknown as SessionStore;
  const contextOf = (headers: Record<string, string>): ExecutionContext => {
    const request = { method: 'GET', cookies: {}, header: (name: string) => headers[name.toLowerCase()] };
    return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  };

  it('refuses a request another site started, another host of the same domain included', async () => {
    for (const site of ['cross-site', 'same-site']) {
      await expect(new SessionGuard(sessions).canActivate(contextOf({ 'sec-fetch-site': site }))).rejects.toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    }
  });

  it("admits the portal's own calls, an address typed in, and a browser that does not say", async () => {
    for (const headers of [{ 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, {}] as Record<string, string>[]) {
      await expect(new SessionGuard(sessions).canActivate(contextOf(headers))).resolves.toBe(true);
    }
  });
});
