import {
  clearBruteForce,
  ensureTestKeycloak,
  keycloakServiceEnv,
  loginAtKeycloak,
  queryTestDatabase,
  testKeycloakIssuer,
  testToken,
  waitFor,
} from '@mcp/testing';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { PlatformUnderTest } from './platform-under-test';

/*
 * The portal signs people in through the local Keycloak (authorization code + PKCE, OTP for KPK
 * staff) and keeps the tokens on the server: the browser only ever holds the session cookie. The
 * services then see Keycloak's access token, renewed with the refresh token when it runs out.
 */
const KOTA_BANDUNG = '32.73';
const OTHER_PEMDA = '11.01';

const platform = new PlatformUnderTest({ ...keycloakServiceEnv(), PORTAL_OIDC_ISSUER: testKeycloakIssuer });
const portal = () => platform.http('portal') as never;

interface Answer {
  status: number;
  location: string | null;
  cookies: string[];
  body: string;
}

async function get(url: string, cookie = ''): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return {
    status: response.status,
    location: response.headers.get('location'),
    cookies: response.headers.getSetCookie().map((line) => line.split(';')[0]),
    body: await response.text(),
  };
}

/** A browser that opens the portal's sign-in, signs in at Keycloak and comes back with a session cookie. */
async function signInThroughPortal(username: string, returnTo = '/'): Promise<{ sessionCookie: string; landedOn: string }> {
  const base = await platform.url('portal');
  const start = await get(`${base}/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
  expect(start.status).toBe(302);
  expect(start.location?.startsWith(`${testKeycloakIssuer}/protocol/openid-connect/auth?`)).toBe(true);
  const authorization = new URL(start.location as string);
  expect(authorization.searchParams.get('client_id')).toBe('mcp-portal');
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  const attemptCookie = start.cookies.find((cookie) => cookie.startsWith('mcp_sign_in='));
  expect(attemptCookie).toBeDefined();

  const callback = await loginAtKeycloak(start.location as string, { username });
  expect(callback.startsWith(`${base}/auth/oidc/callback?`)).toBe(true);
  const done = await get(callback, attemptCookie);
  expect(done.status).toBe(302);
  const sessionCookie = done.cookies.find((cookie) => cookie.startsWith('mcp_session='));
  expect(sessionCookie).toBeDefined();
  // Nothing the browser receives carries a token.
  expect(`${done.location} ${done.cookies.join(' ')} ${done.body}`).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  return { sessionCookie: sessionCookie as string, landedOn: done.location as string };
}

beforeAll(async () => {
  ensureTestKeycloak();
  await clearBruteForce(['operator-3273', 'verifier-2']);
  await platform.prepare();
  await platform.startAll();
  const devAdmin = await testToken({ role: 'admin' });
  await waitFor(
    'Kota Bandung progress readable',
    async () =>
      (await request(platform.http('submissions') as never).get(`/v1/pemda/${KOTA_BANDUNG}/progress?year=2024`).set('authorization', `Bearer ${devAdmin}`))
        .status === 200,
    { timeoutMs: 60_000 },
  );
}, 900_000);

afterAll(async () => {
  await platform.stopAll();
});

it('offers sign-in through the identity provider on the sign-in page', async () => {
  expect((await request(portal()).get('/auth/methods')).body).toEqual({ devSignIn: true, identityProvider: true });
});

it("signs a Pemda operator in through Keycloak: the session carries Keycloak's identity and the APIs keep them to their Pemda", async () => {
  const { sessionCookie, landedOn } = await signInThroughPortal('operator-3273', `/pemda/${KOTA_BANDUNG}`);
  expect(landedOn).toBe(`/pemda/${KOTA_BANDUNG}`);
  const session = await request(portal()).get('/auth/session').set('cookie', sessionCookie);
  expect(session.status).toBe(200);
  expect(session.body.user).toMatchObject({ subject: expect.any(String), roles: ['pemda-operator'], pemdaCode: KOTA_BANDUNG, role: 'pemda-operator' });
  expect(session.body.devSignIn).toBe(false);
  const [stored] = await queryTestDatabase<{ access_token: string }>(
    `SELECT access_token FROM portal.session WHERE subject = $1 ORDER BY created_at DESC LIMIT 1`,
    [session.body.user.subject],
  );
  // What the services will see: Keycloak's access token, issued to the portal's client.
  expect(decodeJwt(stored.access_token)).toMatchObject({ iss: testKeycloakIssuer, azp: 'mcp-portal', typ: 'Bearer', pemdaCode: KOTA_BANDUNG });

  const own = await request(portal()).get(`/api/submissions/v1/pemda/${KOTA_BANDUNG}/progress?year=2024`).set('cookie', sessionCookie);
  expect(own.status).toBe(200);
  const other = await request(portal()).get(`/api/submissions/v1/pemda/${OTHER_PEMDA}/progress?year=2024`).set('cookie', sessionCookie);
  expect(other.status).toBe(403);
});

it('asks a KPK verifier for the OTP and gives the session their wilayah', async () => {
  const { sessionCookie } = await signInThroughPortal('verifier-2');
  const session = await request(portal()).get('/auth/session').set('cookie', sessionCookie);
  expect(session.body.user).toMatchObject({ roles: ['verifier'], wilayah: 'II' });
  // Keycloak's subject is a UUID: the pages name the verifier from what this sign-in said.
  const named = await request(portal()).get(`/api/people?subject=${session.body.user.subject}`).set('cookie', sessionCookie);
  expect(named.body).toEqual([{ subject: session.body.user.subject, name: 'Verifikator Wilayah II', roles: ['verifier'] }]);
});

it('renews an access token that ran out with the refresh token, without the browser noticing', async () => {
  const { sessionCookie } = await signInThroughPortal('operator-3273');
  const subjectRows = await queryTestDatabase<{ id_hash: string; access_token: string }>(
    `SELECT id_hash, access_token FROM portal.session WHERE refresh_token IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
  );
  const [{ id_hash: idHash, access_token: before }] = subjectRows;
  // What the session says of the person is read again from the renewed token: a stale Pemda (as if the
  // person had been moved since signing in) is replaced by what Keycloak says now.
  await queryTestDatabase(
    `UPDATE portal.session SET access_expires_at = now() - interval '1 minute', principal = jsonb_set(principal, '{pemdaCode}', to_jsonb($2::text)) WHERE id_hash = $1`,
    [idHash, OTHER_PEMDA],
  );
  const answer = await request(portal()).get(`/api/submissions/v1/pemda/${KOTA_BANDUNG}/progress?year=2024`).set('cookie', sessionCookie);
  expect(answer.status).toBe(200);
  const [{ access_token: after, renewed }] = await queryTestDatabase<{ access_token: string; renewed: boolean }>(
    `SELECT access_token, access_expires_at > now() AS renewed FROM portal.session WHERE id_hash = $1`,
    [idHash],
  );
  expect(after).not.toBe(before);
  expect(renewed).toBe(true);
  expect((await request(portal()).get('/auth/session').set('cookie', sessionCookie)).body.user).toMatchObject({ pemdaCode: KOTA_BANDUNG });
});

it('opens no session for a callback without its sign-in attempt, or with a forged state', async () => {
  const base = await platform.url('portal');
  const start = await get(`${base}/auth/oidc/start?returnTo=${encodeURIComponent('/verifikasi')}`);
  const attemptCookie = start.cookies.find((cookie) => cookie.startsWith('mcp_sign_in='));
  const callback = await loginAtKeycloak(start.location as string, { username: 'operator-3273' });

  const withoutAttempt = await get(callback);
  expect(withoutAttempt).toMatchObject({ status: 302, location: '/masuk?signInError=SIGN_IN_EXPIRED' });
  expect(withoutAttempt.cookies.some((cookie) => cookie.startsWith('mcp_session='))).toBe(false);

  const forged = new URL(callback);
  forged.searchParams.set('state', 'forged-state');
  const withForgedState = await get(forged.href, attemptCookie);
  // Refused, but the page the person came for is kept for the next try.
  expect(withForgedState).toMatchObject({ status: 302, location: '/masuk?signInError=SIGN_IN_FAILED&next=%2Fverifikasi' });
  expect(withForgedState.cookies.some((cookie) => cookie.startsWith('mcp_session='))).toBe(false);
});

it("signs out of the portal and points the browser at Keycloak's logout", async () => {
  const { sessionCookie } = await signInThroughPortal('operator-3273');
  const session = await request(portal()).get('/auth/session').set('cookie', sessionCookie);
  const out = await request(portal()).post('/auth/sign-out').set('cookie', sessionCookie).set('x-csrf-token', session.body.csrfToken);
  expect(out.status).toBe(200);
  expect(out.body.logoutUrl).toMatch(new RegExp(`^${testKeycloakIssuer}/protocol/openid-connect/logout\\?`));
  expect((await request(portal()).get('/auth/session').set('cookie', sessionCookie)).status).toBe(401);
});

it('refuses to follow a returnTo that leaves the portal', async () => {
  const { landedOn } = await signInThroughPortal('operator-3273', '//evil.example/steal');
  expect(landedOn).toBe('/');
});
