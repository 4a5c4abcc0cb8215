import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as oidc from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import { repositoryRoot, testKafkaPort, testLocalDirOf, testPortNear } from './integration-env';

/**
 * The test Keycloak (deploy/local/keycloak), beside the test broker: port MCP_TEST_KEYCLOAK_PORT,
 * default the broker's port + 80 (19172), data under the same .local/test-<broker port> folder.
 */
export const testKeycloakPort = testPortNear('MCP_TEST_KEYCLOAK_PORT', 80);
export const testKeycloakUrl = `http://127.0.0.1:${testKeycloakPort}`;
export const testKeycloakIssuer = `${testKeycloakUrl}/realms/mcp`;
export const testKeycloakJwksUrl = `${testKeycloakIssuer}/protocol/openid-connect/certs`;

/** What a service needs to trust the test Keycloak (as `npm run up` configures it for 8080). */
export function keycloakServiceEnv(): Record<string, string> {
  return { AUTH_ISSUER: testKeycloakIssuer, AUTH_JWKS_URL: testKeycloakJwksUrl };
}

/**
 * Starts (or reuses) the test Keycloak through the script a developer uses; fetches it first on a
 * fresh machine. Left running afterwards, like the test broker, so the next run starts in seconds.
 * A failed start throws with the script's last lines (why it failed) at the top of the message,
 * where a CI summary that folds long output still shows them.
 */
export function ensureTestKeycloak(): void {
  const result = spawnSync('bash', [join(repositoryRoot, 'deploy/local/keycloak/keycloak.sh'), 'start'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env: {
      ...process.env,
      KEYCLOAK_PORT: String(testKeycloakPort),
      MCP_LOCAL_DIR: join(repositoryRoot, '.local', `test-${testKafkaPort}`),
    },
  });
  const stderr = result.stderr ?? '';
  process.stderr.write(stderr);
  if (result.status !== 0) {
    const lastLines = stderr.trimEnd().split('\n').slice(-25).join('\n');
    throw new Error(`keycloak.sh start failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}) on port ${testKeycloakPort}:\n${lastLines}`);
  }
}

/** The password of every sample user of deploy/keycloak/mcp-realm.json (it meets the realm's policy). */
export const SAMPLE_PASSWORD = 'Sandi-Dev-2026';

/**
 * The OTP secret the realm gives a sample KPK user (verifier-2, analyst, admin), as Keycloak keeps
 * it: the HMAC key's text. Development only: it is written in deploy/keycloak/mcp-realm.json.
 */
export function sampleOtpSecret(username: string): string {
  return `mcp-dev-otp-${username}`;
}

/**
 * OTP secrets registered in this test process, by username: a KPK user without one (qa-2) must
 * register one at sign-in, and the test reads it off Keycloak's page as a person would type it
 * into an authenticator app.
 */
const registeredOtpSecrets = new Map<string, Secret>();

/** The current TOTP code of a user, as their authenticator app would show it. */
export function otpCode(username: string, timestamp = Date.now()): string {
  const secret = registeredOtpSecrets.get(username) ?? Secret.fromUTF8(sampleOtpSecret(username));
  return totpOf(secret).generate({ timestamp });
}

function totpOf(secret: Secret): TOTP {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' });
}

/** Waits for the next 30-second TOTP period: Keycloak refuses a code used once (otpPolicyCodeReusable false). */
export async function nextOtpPeriod(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
}

/** Cookies across Keycloak's redirects, as a browser keeps them (one host, no expiry handling). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface KeycloakSignIn {
  username: string;
  password?: string;
  /** The TOTP code to type, or `false` to type none; default: the sample user's current code. */
  otp?: string | false;
  clientId?: string;
  redirectUri?: string;
}

export interface KeycloakPage {
  status: number;
  html: string;
  /** Where the page's form posts, when it has one. */
  formAction?: string;
}

export class KeycloakLoginFailed extends Error {
  constructor(readonly page: KeycloakPage) {
    super(`Keycloak did not redirect back with a code (status ${page.status}): ${pageMessage(page.html) ?? 'no message'}`);
  }
}

/**
 * Signs in the way a browser does, over HTTP: authorization code with PKCE (openid-client for the
 * protocol), Keycloak's own login form for the password and, when it asks, its OTP form.
 * Resolves to the token endpoint's answer; rejects with KeycloakLoginFailed carrying the last page.
 */
export async function signInThroughKeycloak(signIn: KeycloakSignIn): Promise<oidc.TokenEndpointResponse> {
  const redirectUri = signIn.redirectUri ?? 'http://127.0.0.1:9/callback';
  const config = await oidc.discovery(new URL(testKeycloakIssuer), signIn.clientId ?? 'mcp-cli', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  const callback = await loginAtKeycloak(authorizationUrl.href, signIn);
  return oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: codeVerifier, expectedState: state });
}

/**
 * Keycloak's "set up OTP" page: its form carries the secret (hidden field totpSecret, the HMAC key's
 * text); the code typed proves the app holds it. A given `otp` is typed as it is (a wrong one is refused).
 */
/**
 * A person at Keycloak's login pages: opens the authorization URL a client sent the browser to,
 * types the password (and the OTP, or registers one), and returns where Keycloak sends the browser
 * back: the client's callback URL with the code.
 */
export async function loginAtKeycloak(authorizationUrl: string, signIn: KeycloakSignIn): Promise<string> {
  const jar = new CookieJar();
  let page = await open(jar, authorizationUrl);
  page = await submit(jar, page, { username: signIn.username, password: signIn.password ?? SAMPLE_PASSWORD, credentialId: '' });
  if (typeof page !== 'string' && signIn.otp !== false) {
    if (/name="totpSecret"/.test(page.html)) page = await registerOtp(jar, page, signIn);
    else if (/name="otp"/.test(page.html)) {
      if (signIn.otp !== undefined) page = await submit(jar, page, { otp: signIn.otp });
      else {
        const at = await unusedOtpPeriod(signIn.username);
        page = await submit(jar, page, { otp: otpCode(signIn.username, at) });
        if (typeof page === 'string') recordOtpPeriodUsed(signIn.username, at);
      }
    }
  }
  if (typeof page !== 'string') throw new KeycloakLoginFailed(page);
  return page;
}

async function registerOtp(jar: CookieJar, page: KeycloakPage, signIn: KeycloakSignIn): Promise<KeycloakPage | string> {
  const secretText = decodeEntities(/name="totpSecret"[^>]*value="([^"]*)"/.exec(page.html)?.[1] ?? /value="([^"]*)"[^>]*name="totpSecret"/.exec(page.html)?.[1] ?? '');
  if (!secretText) throw new KeycloakLoginFailed(page);
  const secret = Secret.fromUTF8(secretText);
  const at = Date.now();
  const answer = await submit(jar, page, { totp: signIn.otp || totpOf(secret).generate({ timestamp: at }), totpSecret: secretText, userLabel: 'Aplikasi OTP uji' });
  if (typeof answer === 'string') {
    registeredOtpSecrets.set(signIn.username, secret);
    recordOtpPeriodUsed(signIn.username, at);
  }
  return answer;
}

/**
 * The 30-second TOTP periods in which each user last typed a code at this worker's Keycloak, kept
 * beside it: Keycloak accepts a code once, and another test file of the same worker (portal-oidc
 * after keycloak-sign-in, say) may have used this period's code of the same user moments ago.
 */
function otpLedgerFile(): string {
  return join(testLocalDirOf(), 'keycloak', 'otp-periods-used.json');
}

function otpPeriodsUsed(): Record<string, number> {
  return existsSync(otpLedgerFile()) ? (JSON.parse(readFileSync(otpLedgerFile(), 'utf8')) as Record<string, number>) : {};
}

function recordOtpPeriodUsed(username: string, timestamp: number): void {
  mkdirSync(dirname(otpLedgerFile()), { recursive: true });
  writeFileSync(otpLedgerFile(), JSON.stringify({ ...otpPeriodsUsed(), [username]: Math.floor(timestamp / 30_000) }));
}

/** Now, or the start of the next period when this period's code of the user was already typed. */
async function unusedOtpPeriod(username: string): Promise<number> {
  if (otpPeriodsUsed()[username] === Math.floor(Date.now() / 30_000)) await nextOtpPeriod();
  return Date.now();
}

/** A page, or the redirect back to the client (a string: the callback URL with the code). */
async function open(jar: CookieJar, url: string, init: RequestInit = {}): Promise<KeycloakPage | string> {
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie: jar.header() } });
  jar.store(response);
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) {
    return location.startsWith(testKeycloakUrl) ? open(jar, location) : location;
  }
  const html = await response.text();
  const action = /<form[^>]*\saction="([^"]+)"/.exec(html)?.[1];
  return { status: response.status, html, ...(action ? { formAction: decodeEntities(action) } : {}) };
}

async function submit(jar: CookieJar, page: KeycloakPage | string, fields: Record<string, string>): Promise<KeycloakPage | string> {
  if (typeof page === 'string') return page;
  if (!page.formAction) throw new KeycloakLoginFailed(page);
  return open(jar, page.formAction, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function adminHeaders(): Promise<Record<string, string>> {
  const response = await fetch(`${testKeycloakUrl}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: 'admin' }),
  });
  return { authorization: `Bearer ${((await response.json()) as { access_token: string }).access_token}` };
}

async function userId(username: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${testKeycloakUrl}/admin/realms/mcp/users?exact=true&username=${encodeURIComponent(username)}`, { headers });
  const [user] = (await response.json()) as { id: string }[];
  if (!user) throw new Error(`No user ${username} in realm mcp`);
  return user.id;
}

/**
 * Through Keycloak's admin API (the master realm's admin): lifts brute-force lockouts, so a run
 * starts as a fresh realm would (Keycloak's data is kept between runs to spare its start-up).
 */
export async function clearBruteForce(usernames: readonly string[]): Promise<void> {
  const headers = await adminHeaders();
  for (const username of usernames) {
    const response = await fetch(`${testKeycloakUrl}/admin/realms/mcp/attack-detection/brute-force/users/${await userId(username, headers)}`, { method: 'DELETE', headers });
    if (response.status !== 204) throw new Error(`Clearing ${username}'s lockout answered ${response.status}`);
  }
}

/** Deletes the users' OTP registrations (admin API), so their next sign-in must register one. */
export async function forgetOtp(usernames: readonly string[]): Promise<void> {
  const headers = await adminHeaders();
  for (const username of usernames) {
    const id = await userId(username, headers);
    const credentials = (await (await fetch(`${testKeycloakUrl}/admin/realms/mcp/users/${id}/credentials`, { headers })).json()) as { id: string; type: string }[];
    for (const credential of credentials.filter(({ type }) => type === 'otp')) {
      await fetch(`${testKeycloakUrl}/admin/realms/mcp/users/${id}/credentials/${credential.id}`, { method: 'DELETE', headers });
    }
    registeredOtpSecrets.delete(username);
  }
}

function decodeEntities(text: string): string {
  return text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');
}

/** The error or info text Keycloak shows on a page (e.g. a wrong password or a locked account). */
export function pageMessage(html: string): string | undefined {
  const text = /class="[^"]*(?:kc-feedback-text|pf-m-danger|alert-error|kc-alert)[^"]*"[^>]*>([\s\S]*?)<\//.exec(html)?.[1]
    ?? /id="input-error[^"]*"[^>]*>([\s\S]*?)<\//.exec(html)?.[1];
  return text ? decodeEntities(text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()) : undefined;
}
