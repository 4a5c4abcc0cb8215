import { AuthenticationError, type AuthPrincipal, type TokenVerifier } from '@mcp/auth';
import type { PortalSession } from '../sessions/portal-session.entity';
import type { RenewedTokens, SessionStore } from '../sessions/session-store';
import type { OidcClient } from './oidc-client';
import { ResponseBodyError } from 'openid-client';
import { SessionTokens } from './session-tokens';

const admin32: AuthPrincipal = { subject: 'u-1', roles: ['pemda-admin'], pemdaCode: '32.73' };
const admin11: AuthPrincipal = { subject: 'u-1', roles: ['pemda-admin'], pemdaCode: '11.01' };

function setUp(verify: () => Promise<AuthPrincipal>, refresh?: () => Promise<unknown>) {
  const closed: string[] = [];
  const renewed: RenewedTokens[] = [];
  const loaded = () =>
    ({
      idHash: 'h',
      principal: admin32,
      accessToken: 'old-access',
      refreshToken: 'old-refresh',
      accessExpiresAt: new Date(Date.now() - 1000),
    }) as PortalSession;
  // The row as the database has it; each request loads its own copy.
  let row = loaded();
  const sessions = {
    findByHash: async () => (closed.length > 0 ? { state: 'none' } : { state: 'active', session: { ...row } }),
    closeByHash: async (idHash: string) => void closed.push(idHash),
    renew: async (session: PortalSession, tokens: RenewedTokens) => {
      renewed.push(tokens);
      Object.assign(session, tokens);
      row = { ...row, ...tokens };
    },
  } as unknown as SessionStore;
  let refreshes = 0;
  const identityProvider = {
    refresh: async () => {
      refreshes += 1;
      return refresh ? refresh() : { accessToken: 'new-access', accessExpiresAt: new Date(Date.now() + 300_000), refreshToken: 'new-refresh' };
    },
  } as unknown as OidcClient;
  const session = loaded();
  const tokens = new SessionTokens(sessions, identityProvider, { verify } as unknown as TokenVerifier);
  return { tokens, session, loaded, closed, renewed, refreshes: () => refreshes };
}

describe('renewing a session’s tokens', () => {
  it('takes the person as the renewed token says now', async () => {
    const { tokens, session, closed } = setUp(async () => admin11);
    await expect(tokens.bearerFor(session)).resolves.toBe('new-access');
    expect(session.principal).toEqual(admin11);
    expect(closed).toEqual([]);
  });

  it('ends the session when the services would refuse the renewed token', async () => {
    const { tokens, session, closed } = setUp(async () => {
      throw new AuthenticationError('invalid-claims', 'Token tidak memuat peran');
    });
    await expect(tokens.bearerFor(session)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(closed).toEqual(['h']);
  });

  it('signs nobody out while the keys cannot be fetched: the tokens are kept, the principal stays', async () => {
    const { tokens, session, closed, renewed } = setUp(async () => {
      throw new AuthenticationError('key-unavailable', 'Kunci verifikasi token tidak dapat diambil');
    });
    await expect(tokens.bearerFor(session)).resolves.toBe('new-access');
    expect(closed).toEqual([]);
    expect(renewed).toEqual([expect.objectContaining({ refreshToken: 'new-refresh', principal: admin32 })]);
  });

  it('gives every parallel request the renewed token, not the expired one its own copy of the row holds', async () => {
    const { tokens, loaded, refreshes } = setUp(async () => admin32);
    const requests = [loaded(), loaded(), loaded()];
    await expect(Promise.all(requests.map((session) => tokens.bearerFor(session)))).resolves.toEqual(['new-access', 'new-access', 'new-access']);
    expect(refreshes()).toBe(1);
    // A request that loaded the row before the renewal was saved, and asks after it ended, uses the saved tokens.
    await expect(tokens.bearerFor(loaded())).resolves.toBe('new-access');
    expect(refreshes()).toBe(1);
  });

  it('keeps the session when the identity provider cannot be reached, and ends it when it refuses the refresh', async () => {
    const down = setUp(
      async () => admin32,
      async () => {
        throw new TypeError('fetch failed');
      },
    );
    await expect(down.tokens.bearerFor(down.session)).rejects.toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', kind: 'unavailable' });
    expect(down.closed).toEqual([]);

    const refused = setUp(
      async () => admin32,
      async () => {
        throw new ResponseBodyError('server responded with an error in the response body', {
          cause: { error: 'invalid_grant', error_description: 'Token is not active' },
          response: new Response('{}', { status: 400 }),
        });
      },
    );
    await expect(refused.tokens.bearerFor(refused.session)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(refused.closed).toEqual(['h']);
  });
});
