import { TokenIssuer, DEV_PRIVATE_KEY_FILE } from '@mcp/auth';
import { loadPemdaList, loadWilayahMapping, wilayahOfPemda } from '@mcp/master-data';
import {
  ensureTestKeycloak,
  KeycloakLoginFailed,
  keycloakServiceEnv,
  clearBruteForce,
  forgetOtp,
  nextOtpPeriod,
  SAMPLE_PASSWORD,
  signInThroughKeycloak,
  testKeycloakIssuer,
  testToken,
  waitFor,
} from '@mcp/testing';
import { decodeJwt } from 'jose';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Sign-in through the real identity provider: the local Keycloak (deploy/local/keycloak) with the
 * realm of deploy/keycloak/mcp-realm.json, authorization code + PKCE through its login form (OTP
 * for KPK staff), and the platform's services, configured as `npm run up` configures them, trusting
 * its JWKS: roles and the pemdaCode / wilayah scope in Keycloak's tokens are what the APIs enforce.
 */
const KOTA_BANDUNG = '32.73'; // wilayah III, the sample operator's Pemda
const wilayahMapping = loadWilayahMapping();
const pemdaOfWilayahII = (() => {
  const pemda = loadPemdaList().find((candidate) => candidate.code.includes('.') && wilayahOfPemda(candidate, wilayahMapping) === 'II');
  if (!pemda) throw new Error('the seed has no Pemda in wilayah II');
  return pemda.code;
})();

const platform = new PlatformUnderTest(keycloakServiceEnv());
const submissions = () => platform.http('submissions') as never;
const verification = () => platform.http('verification') as never;
const progressOf = (pemdaCode: string, token: string) =>
  request(submissions()).get(`/v1/pemda/${pemdaCode}/progress?year=2024`).set('authorization', `Bearer ${token}`);

beforeAll(async () => {
  const started = Date.now();
  ensureTestKeycloak();
  console.log(`Keycloak ready for the test in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await clearBruteForce(['operator-3273', 'pemda-admin-3273', 'verifier-2', 'qa-2', 'analyst', 'admin']);
  await platform.prepare();
  await platform.startAll();
  // The framework reaches submissions through Kafka: wait until a Pemda's progress can be read.
  const devAdmin = await testToken({ role: 'admin' });
  await waitFor('Kota Bandung progress readable', async () => (await progressOf(KOTA_BANDUNG, devAdmin)).status === 200, { timeoutMs: 60_000 });
}, 900_000);

afterAll(async () => {
  await platform.stopAll();
});

it('signs a Pemda operator in with code + PKCE (no OTP asked) and scopes the APIs to their Pemda', async () => {
  const tokens = await signInThroughKeycloak({ username: 'operator-3273' });
  const claims = decodeJwt(tokens.access_token);
  expect(claims).toMatchObject({ iss: testKeycloakIssuer, azp: 'mcp-cli', typ: 'Bearer', pemdaCode: KOTA_BANDUNG });
  expect(claims['roles']).toContain('pemda-operator');
  // The OPD and areas ride along for the portal to show; the submissions service enforces its own copy (#68).
  expect(claims).toMatchObject({ opd: 'Badan Keuangan dan Aset Daerah', areas: ['ANG', 'PRC'] });
  expect((await progressOf(KOTA_BANDUNG, tokens.access_token)).status).toBe(200);
  expect((await progressOf(pemdaOfWilayahII, tokens.access_token)).status).toBe(403);
});

it('asks a KPK verifier for the OTP: without it, or with a wrong one, no code is issued; with it the token carries the wilayah', async () => {
  const withoutOtp = await signInThroughKeycloak({ username: 'verifier-2', otp: false }).catch((error: unknown) => error);
  expect(withoutOtp).toBeInstanceOf(KeycloakLoginFailed);
  expect((withoutOtp as KeycloakLoginFailed).page.html).toMatch(/name="otp"/);
  const wrongOtp = await signInThroughKeycloak({ username: 'verifier-2', otp: '000000' }).catch((error: unknown) => error);
  expect(wrongOtp).toBeInstanceOf(KeycloakLoginFailed);

  // The code of the secret the realm gives verifier-2, computed here as an authenticator app would.
  const tokens = await signInThroughKeycloak({ username: 'verifier-2' });
  const claims = decodeJwt(tokens.access_token);
  expect(claims).toMatchObject({ wilayah: 'II', azp: 'mcp-cli' });
  expect(claims['roles']).toEqual(expect.arrayContaining(['verifier', 'kpk']));
  // A Pemda's figures are open to every KPK role (libs/auth read-policy), whatever the wilayah.
  expect((await progressOf(KOTA_BANDUNG, tokens.access_token)).status).toBe(200);
});

it('makes a KPK user without OTP register one before any token, asks for it from then on, and enforces the wilayah', async () => {
  await forgetOtp(['qa-2']);
  const unregistered = await signInThroughKeycloak({ username: 'qa-2', otp: false }).catch((error: unknown) => error);
  expect(unregistered).toBeInstanceOf(KeycloakLoginFailed);
  expect((unregistered as KeycloakLoginFailed).page.html).toMatch(/name="totpSecret"/);

  const registered = await signInThroughKeycloak({ username: 'qa-2' });
  expect(decodeJwt(registered.access_token)).toMatchObject({ wilayah: 'II' });

  await nextOtpPeriod(); // the registration used this period's code, and a code works once
  const skipped = await signInThroughKeycloak({ username: 'qa-2', otp: false }).catch((error: unknown) => error);
  expect((skipped as KeycloakLoginFailed).page.html).toMatch(/name="otp"/);
  const tokens = await signInThroughKeycloak({ username: 'qa-2' });
  const workload = (wilayah: string) =>
    request(verification()).get(`/v1/stats/wilayah/${wilayah}/verifiers`).set('authorization', `Bearer ${tokens.access_token}`);
  expect((await workload('II')).status).toBe(200);
  expect((await workload(wilayahOfPemda({ code: KOTA_BANDUNG, provinceCode: '32' }, wilayahMapping))).status).toBe(403);
}, 120_000);

it("enforces the role carried by Keycloak's token: an analyst may not read verifier workload, an admin may", async () => {
  const analyst = await signInThroughKeycloak({ username: 'analyst' });
  const admin = await signInThroughKeycloak({ username: 'admin' });
  const stats = (token: string) => request(verification()).get('/v1/stats/wilayah').set('authorization', `Bearer ${token}`);
  expect((await stats(analyst.access_token)).status).toBe(403);
  expect((await stats(admin.access_token)).status).toBe(200);
  // Keycloak's ID token is signed by the same key for the same users, but it is not an access token.
  expect(admin.id_token).toEqual(expect.any(String));
  expect((await stats(String(admin.id_token))).status).toBe(401);
});

it('trusts the development key beside Keycloak in development, but never for the Keycloak issuer', async () => {
  expect((await progressOf(KOTA_BANDUNG, await testToken({ role: 'analyst' }))).status).toBe(200);
  const forged = new TokenIssuer({ issuer: testKeycloakIssuer, audience: 'mcp-platform', authorizedParty: 'mcp-cli', privateKeyPem: readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8') });
  const token = await forged.issue({ subject: 'penyusup', roles: ['admin'] });
  expect((await progressOf(KOTA_BANDUNG, token)).status).toBe(401);
});

it('locks an account after five wrong passwords (brute-force protection), then lets it in once cleared', async () => {
  const username = 'pemda-admin-3273';
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await expect(signInThroughKeycloak({ username, password: `salah-${attempt}` })).rejects.toBeInstanceOf(KeycloakLoginFailed);
  }
  await expect(signInThroughKeycloak({ username, password: SAMPLE_PASSWORD })).rejects.toBeInstanceOf(KeycloakLoginFailed);
  await clearBruteForce([username]);
  await expect(signInThroughKeycloak({ username })).resolves.toHaveProperty('access_token');
});
