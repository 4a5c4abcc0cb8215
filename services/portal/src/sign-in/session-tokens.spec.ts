import { AuthenticationError, type AuthPrincipal, type TokenVerifier } from '@mcp/auth';
import type { PortalSession } from '../sessions/portal-session.entity';
import type { RenewedTokens, SessionStore } from '../sessions/session-store';
import type { OidcClient } from './oidc-client';
import { SessionTokens } from './session-tokens';

const admin32: AuthPrincipal = { subject: 'u-1', roles: ['pemda-admin'], pemdaCode: '32.73' };
const admin11: AuthPrincipal = { subject: 'u-1', roles: ['pemda-admin'], pemdaCode: '11.01' };

function setUp(verify: () => Promise<AuthPrincipal>) {
  const closed: string[] = [];
  const renewed: RenewedTokens[] = [];
  const sessions = {
    closeByHash: async (idHash: string) => void closed.push(idHash),
    renew: async (session: PortalSession, tokens: RenewedTokens) => {
      renewed.push(tokens);
      Object.assign(session, tokens);
    },
  } as unknown as SessionStore;
  const identityProvider = {
    refresh: async () => ({ accessToken: 'new-access', accessExpiresAt: new Date(Date.now() + 300_000), refreshToken: 'new-refresh' }),
  } as unknown as OidcClient;
  const session = {
    idHash: 'h',
    principal: admin32,
    accessToken: 'old-access',
    refreshToken: 'old-refresh',
    accessExpiresAt: new Date(Date.now() - 1000),
  } as PortalSession;
  const tokens = new SessionTokens(sessions, identityProvider, { verify } as unknown as TokenVerifier);
  return { tokens, session, closed, renewed };
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
});
