import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { AuthenticationError } from './authentication-error';
import { DEV_AUTH_DEFAULTS, DEV_PRIVATE_KEY_FILE } from './dev-auth';
import { AuthPrincipal } from './principal';
import { TokenIssuer } from './token-issuer';
import { TokenVerifier } from './token-verifier';

const devPrivateKeyPem = readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8');
const verifier = new TokenVerifier(DEV_AUTH_DEFAULTS);
const devIssuer = TokenIssuer.forDevelopment();
const verifierPrincipal: AuthPrincipal = { subject: 'siti', name: 'Siti', roles: ['verifier'], wilayah: 'III' };

async function rejection(token: string, tokenVerifier = verifier): Promise<AuthenticationError> {
  const error = await tokenVerifier.verify(token).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AuthenticationError)) {
    throw new Error(`expected an AuthenticationError, got ${String(error)}`);
  }
  return error;
}

async function otherKeyPair() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    privateKey,
    publicKey,
    privateKeyPem: await exportPKCS8(privateKey),
    publicKeyPem: await exportSPKI(publicKey),
  };
}

// Claims the TokenIssuer would refuse to sign, signed with the dev key.
function unsignedDevToken(claims: Record<string, unknown>): SignJWT {
  return new SignJWT({ typ: 'Bearer', ...claims })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject('tamu')
    .setIssuer(DEV_AUTH_DEFAULTS.issuer)
    .setAudience(DEV_AUTH_DEFAULTS.audience);
}

function devSigned(claims: Record<string, unknown>): Promise<string> {
  return unsignedDevToken(claims).setExpirationTime('1h').sign(createPrivateKey(devPrivateKeyPem));
}

describe('TokenVerifier with a local public key', () => {
  it('accepts a token from TokenIssuer and returns its principal', async () => {
    const token = await devIssuer.issue(verifierPrincipal);
    await expect(verifier.verify(token)).resolves.toEqual(verifierPrincipal);
  });

  it('keeps pemdaCode for a pemda-scoped role', async () => {
    const operator: AuthPrincipal = { subject: 'budi', roles: ['pemda-operator'], pemdaCode: '32.73' };
    await expect(verifier.verify(await devIssuer.issue(operator))).resolves.toEqual(operator);
  });

  it("carries an operator's OPD and areas for display (#68)", async () => {
    const operator: AuthPrincipal = { subject: 'budi', roles: ['pemda-operator'], pemdaCode: '32.73', opd: 'BPKAD', areas: ['ANG', 'PBJ'] };
    await expect(verifier.verify(await devIssuer.issue(operator))).resolves.toEqual(operator);
    // Keycloak may write a one-valued attribute as a bare string.
    const keycloakLike = await devSigned({ roles: ['pemda-operator'], pemdaCode: '32.73', areas: 'ANG' });
    await expect(verifier.verify(keycloakLike)).resolves.toMatchObject({ areas: ['ANG'] });
  });

  it('refuses an expired token beyond the clock tolerance', async () => {
    const error = await rejection(await devIssuer.issue(verifierPrincipal, '-2m'));
    expect(error.failure).toBe('expired');
    expect(error.message).toBe('Token sudah kedaluwarsa');
  });

  it('refuses a token from another issuer', async () => {
    const issuer = new TokenIssuer({ ...DEV_AUTH_DEFAULTS, issuer: 'penyusup', privateKeyPem: devPrivateKeyPem });
    const error = await rejection(await issuer.issue(verifierPrincipal));
    expect(error).toMatchObject({ failure: 'invalid-claims', message: 'Penerbit token (iss) tidak dikenali' });
  });

  it('refuses a token meant for another audience', async () => {
    const issuer = new TokenIssuer({
      ...DEV_AUTH_DEFAULTS,
      audience: 'aplikasi-lain',
      privateKeyPem: devPrivateKeyPem,
    });
    const error = await rejection(await issuer.issue(verifierPrincipal));
    expect(error).toMatchObject({
      failure: 'invalid-claims',
      message: 'Token tidak ditujukan untuk platform ini (aud)',
    });
  });

  it('refuses a token signed with another key', async () => {
    const { privateKeyPem } = await otherKeyPair();
    const issuer = new TokenIssuer({ ...DEV_AUTH_DEFAULTS, privateKeyPem });
    const error = await rejection(await issuer.issue(verifierPrincipal));
    expect(error).toMatchObject({ failure: 'invalid-token', message: 'Tanda tangan token tidak valid' });
  });

  it('accepts a key given as PEM text', async () => {
    const { privateKeyPem, publicKeyPem } = await otherKeyPair();
    const issuer = new TokenIssuer({ ...DEV_AUTH_DEFAULTS, privateKeyPem });
    const pemVerifier = new TokenVerifier({
      issuer: DEV_AUTH_DEFAULTS.issuer,
      audience: DEV_AUTH_DEFAULTS.audience,
      publicKeyPem,
    });
    await expect(pemVerifier.verify(await issuer.issue(verifierPrincipal))).resolves.toEqual(verifierPrincipal);
  });

  it('refuses garbage', async () => {
    const error = await rejection('bukan.sebuah.token');
    expect(error).toMatchObject({ failure: 'invalid-token', message: 'Token rusak atau tidak valid' });
  });

  it.each([
    [{ roles: ['verifier'] }, 'Peran verifier membutuhkan klaim wilayah'],
    [{ roles: ['qa'] }, 'Peran qa membutuhkan klaim wilayah'],
    [{ roles: ['pemda-operator'] }, 'Peran pemda-operator membutuhkan klaim pemdaCode'],
    [{ roles: ['pemda-admin'], wilayah: 'I' }, 'Peran pemda-admin membutuhkan klaim pemdaCode'],
    [{ roles: ['verifier'], wilayah: 'VI' }, 'Klaim wilayah harus salah satu dari I, II, III, IV, V'],
    [{ roles: ['pemda-admin'], pemdaCode: 3273 }, 'Klaim pemdaCode bukan kode Pemda Kemendagri (mis. 32 atau 32.73)'],
    [{ roles: ['pemda-operator'], pemdaCode: '32.73', opd: '' }, 'Klaim opd harus nama OPD (teks, paling banyak 200 karakter)'],
    [{ roles: ['pemda-operator'], pemdaCode: '32.73', areas: ['ANG', 'bukan area!'] }, 'Klaim areas harus daftar kode area kerangka MCP (mis. ["PRC", "ANG"])'],
    [{ roles: ['offline_access'] }, 'Token tidak memuat peran MCP yang dikenal (roles)'],
    [{}, 'Token tidak memuat peran MCP yang dikenal (roles)'],
  ])('refuses claims %j', async (claims, message) => {
    const error = await rejection(await devSigned(claims));
    expect(error).toMatchObject({ failure: 'invalid-claims', message });
  });

  it('drops role names it does not know', async () => {
    const token = await devSigned({ roles: ['analyst', 'offline_access'] });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'tamu', roles: ['analyst'] });
  });

  it('refuses a token without expiry', async () => {
    const token = await unsignedDevToken({ roles: ['analyst'] }).sign(createPrivateKey(devPrivateKeyPem));
    expect(await rejection(token)).toMatchObject({
      failure: 'invalid-claims',
      message: 'Klaim exp pada token tidak valid',
    });
  });

  it.each([
    [{ typ: 'ID' }, 'an ID token'],
    [{ typ: 'Refresh' }, 'a refresh token'],
    [{ typ: undefined }, 'a token without typ'],
  ])('refuses %j (%s): only access tokens open the APIs', async (claims, _what) => {
    const error = await rejection(await devSigned({ roles: ['analyst'], ...claims }));
    expect(error).toMatchObject({ failure: 'invalid-claims', message: 'Jenis token (typ) bukan token akses' });
  });

  it('refuses a JOSE header typ that is not a JWT access token', async () => {
    const token = await new SignJWT({ roles: ['analyst'], typ: 'Bearer' })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt' })
      .setSubject('tamu')
      .setIssuer(DEV_AUTH_DEFAULTS.issuer)
      .setAudience(DEV_AUTH_DEFAULTS.audience)
      .setExpirationTime('1h')
      .sign(createPrivateKey(devPrivateKeyPem));
    expect(await rejection(token)).toMatchObject({ failure: 'invalid-token', message: 'Jenis token (typ) bukan token akses' });
  });

  it('fails at construction when the public key file is missing', () => {
    expect(() => new TokenVerifier({ ...DEV_AUTH_DEFAULTS, publicKeyFile: '/tidak/ada.pem' })).toThrow(/ENOENT/);
  });
});

describe('TokenVerifier with an azp allowlist', () => {
  const allowlisted = new TokenVerifier({ ...DEV_AUTH_DEFAULTS, authorizedParties: ['mcp-cli', 'mcp-portal'] });

  it('accepts a token issued to an allowed client', async () => {
    const token = await devSigned({ roles: ['analyst'], azp: 'mcp-portal' });
    await expect(allowlisted.verify(token)).resolves.toEqual({ subject: 'tamu', roles: ['analyst'] });
  });

  it.each([[{ azp: 'aplikasi-lain' }], [{}]])('refuses a token with %j', async (claims) => {
    const error = await rejection(await devSigned({ roles: ['analyst'], ...claims }), allowlisted);
    expect(error).toMatchObject({
      failure: 'invalid-claims',
      message: 'Token diterbitkan untuk aplikasi yang tidak diizinkan (azp)',
    });
  });
});

describe('TokenVerifier trusting two issuers (development: dev key and local Keycloak)', () => {
  it("checks each token against its own issuer's key, never the other's", async () => {
    const keycloak = await otherKeyPair();
    const both = new TokenVerifier({
      ...DEV_AUTH_DEFAULTS,
      alsoTrusted: [{ issuer: 'http://kc/realms/mcp', audience: 'mcp-platform', publicKeyPem: keycloak.publicKeyPem }],
    });
    const keycloakIssuer = new TokenIssuer({ issuer: 'http://kc/realms/mcp', audience: 'mcp-platform', privateKeyPem: keycloak.privateKeyPem });
    await expect(both.verify(await devIssuer.issue(verifierPrincipal))).resolves.toEqual(verifierPrincipal);
    await expect(both.verify(await keycloakIssuer.issue(verifierPrincipal))).resolves.toEqual(verifierPrincipal);
    // The dev key (anyone has it) must not be able to sign as the Keycloak issuer.
    const forged = new TokenIssuer({ issuer: 'http://kc/realms/mcp', audience: 'mcp-platform', privateKeyPem: devPrivateKeyPem });
    expect(await rejection(await forged.issue(verifierPrincipal), both)).toMatchObject({ failure: 'invalid-token' });
  });
});

describe('TokenIssuer', () => {
  it('refuses to sign a scoped role without its scope', async () => {
    await expect(devIssuer.issue({ subject: 'siti', roles: ['verifier'] })).rejects.toThrow(
      'Peran verifier membutuhkan klaim wilayah',
    );
  });
});

describe('TokenVerifier with a JWKS URL', () => {
  const adminPrincipal: AuthPrincipal = { subject: 'admin-pusat', roles: ['admin'] };
  const config = { issuer: DEV_AUTH_DEFAULTS.issuer, audience: DEV_AUTH_DEFAULTS.audience };
  let server: Server;
  let jwksVerifier: TokenVerifier;
  let esIssuer: TokenIssuer;
  let rsaPrivateKey: CryptoKey;

  beforeAll(async () => {
    const es = await otherKeyPair();
    const rsa = await generateKeyPair('RS256', { extractable: true });
    rsaPrivateKey = rsa.privateKey;
    esIssuer = new TokenIssuer({ ...config, privateKeyPem: es.privateKeyPem });
    const keys = [
      { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(rsa.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
    ];
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    jwksVerifier = new TokenVerifier({ ...config, jwksUrl: `http://127.0.0.1:${port}/certs` });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('verifies an ES256 token with a key fetched from the endpoint', async () => {
    await expect(jwksVerifier.verify(await esIssuer.issue(adminPrincipal))).resolves.toEqual(adminPrincipal);
  });

  it('verifies an RS256 token, as Keycloak signs by default', async () => {
    const token = await new SignJWT({ roles: ['admin'], typ: 'Bearer' })
      .setProtectedHeader({ alg: 'RS256', kid: 'rs-1' })
      .setSubject('admin-pusat')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setExpirationTime('5m')
      .sign(rsaPrivateKey);
    await expect(jwksVerifier.verify(token)).resolves.toEqual(adminPrincipal);
  });

  it('refuses a token signed by a key outside the set', async () => {
    const error = await rejection(await devIssuer.issue(adminPrincipal), jwksVerifier);
    expect(error).toMatchObject({ failure: 'invalid-token', message: 'Tanda tangan token tidak valid' });
  });

  it('picks up a rotated key, and unknown key ids do not make it fetch the set again', async () => {
    const first = await otherKeyPair();
    const second = await otherKeyPair();
    let keys = [{ ...(await exportJWK(first.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }];
    let fetches = 0;
    const rotating = createServer((_request, response) => {
      fetches += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => rotating.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = rotating.address() as AddressInfo;
      const cooldownMs = 300;
      const rotatingVerifier = new TokenVerifier({ ...config, jwksUrl: `http://127.0.0.1:${port}/certs`, jwksCache: { cooldownMs } });
      const signed = (privateKey: CryptoKey, kid: string) =>
        new SignJWT({ roles: ['admin'], typ: 'Bearer' })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setSubject('admin-pusat')
          .setIssuer(config.issuer)
          .setAudience(config.audience)
          .setExpirationTime('5m')
          .sign(privateKey);

      await expect(rotatingVerifier.verify(await signed(first.privateKey, 'k1'))).resolves.toEqual(adminPrincipal);
      await expect(rotatingVerifier.verify(await signed(first.privateKey, 'k1'))).resolves.toEqual(adminPrincipal);
      expect(fetches).toBe(1);

      // A burst of tokens naming key ids nobody published: refused from the cache, no fetch.
      for (let i = 0; i < 20; i += 1) {
        expect(await rejection(await signed(second.privateKey, `palsu-${i}`), rotatingVerifier)).toMatchObject({ failure: 'invalid-token' });
      }
      expect(fetches).toBe(1);

      // The identity provider rotates: k2 replaces k1. After the cooldown the new kid is fetched once.
      keys = [{ ...(await exportJWK(second.publicKey)), kid: 'k2', alg: 'ES256', use: 'sig' }];
      await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50));
      await expect(rotatingVerifier.verify(await signed(second.privateKey, 'k2'))).resolves.toEqual(adminPrincipal);
      await expect(rotatingVerifier.verify(await signed(second.privateKey, 'k2'))).resolves.toEqual(adminPrincipal);
      expect(fetches).toBe(2);
      // The retired key is gone from the cache with the old set.
      expect(await rejection(await signed(first.privateKey, 'k1'), rotatingVerifier)).toMatchObject({ failure: 'invalid-token' });
    } finally {
      await new Promise((resolve) => rotating.close(resolve));
    }
  });

  it('keeps verifying with the keys it has while the endpoint fails after their cache age, but not a key it never saw', async () => {
    const key = await otherKeyPair();
    const keys = [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }];
    let down = false;
    const flaky = createServer((_request, response) => {
      if (down) {
        response.statusCode = 503;
        response.end('Keycloak sibuk');
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = flaky.address() as AddressInfo;
      const verifier = new TokenVerifier({ ...config, jwksUrl: `http://127.0.0.1:${port}/certs`, jwksCache: { maxAgeMs: 200, cooldownMs: 0 } });
      const signed = (subject: string, kid = 'k1', privateKey = key.privateKey) =>
        new SignJWT({ roles: ['admin'], typ: 'Bearer' })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setSubject(subject)
          .setIssuer(config.issuer)
          .setAudience(config.audience)
          .setExpirationTime('5m')
          .sign(privateKey);
      await expect(verifier.verify(await signed('admin-pusat'))).resolves.toMatchObject({ subject: 'admin-pusat' });

      // Keycloak answers 503 once the set is older than its cache age: before, every new token got key-unavailable (503).
      down = true;
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(verifier.verify(await signed('admin-lain'))).resolves.toMatchObject({ subject: 'admin-lain' });
      const stranger = await otherKeyPair();
      expect(await rejection(await signed('penyusup', 'k9', stranger.privateKey), verifier)).toMatchObject({ failure: 'invalid-token' });
    } finally {
      await new Promise((resolve) => flaky.close(resolve));
    }
  });

  it('reports an unreachable endpoint as key-unavailable, not as a bad token', async () => {
    const unreachable = new TokenVerifier({ ...config, jwksUrl: 'http://127.0.0.1:1/certs' });
    const error = await rejection(await esIssuer.issue(adminPrincipal), unreachable);
    expect(error).toMatchObject({ failure: 'key-unavailable', message: 'Kunci verifikasi token tidak dapat diambil' });
  });
});

describe('TokenVerifier remembering verified tokens', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('checks the signature of a token once, not on every request that carries it', async () => {
    const fresh = new TokenVerifier(DEV_AUTH_DEFAULTS);
    const signatureChecks = jest.spyOn(globalThis.crypto.subtle, 'verify');
    const token = await devIssuer.issue(verifierPrincipal);
    await expect(fresh.verify(token)).resolves.toEqual(verifierPrincipal);
    await expect(fresh.verify(token)).resolves.toEqual(verifierPrincipal);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    // A token differing by one character is checked, and refused, on its own.
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await rejection(tampered, fresh)).failure).toBe('invalid-token');
  });

  it('refuses a remembered token once it has expired, as jose would', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T08:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const fresh = new TokenVerifier(DEV_AUTH_DEFAULTS);
    const token = await devIssuer.issue(verifierPrincipal, '1m');
    await expect(fresh.verify(token)).resolves.toEqual(verifierPrincipal);
    jest.setSystemTime(new Date('2026-11-30T08:01:20Z')); // past exp, within the 30 s tolerance
    await expect(fresh.verify(token)).resolves.toEqual(verifierPrincipal);
    jest.setSystemTime(new Date('2026-11-30T08:01:31Z')); // past exp + tolerance
    expect((await rejection(token, fresh)).failure).toBe('expired');
  });
});
