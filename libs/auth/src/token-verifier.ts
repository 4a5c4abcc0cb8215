import { createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { AuthenticationError } from './authentication-error';
import { AuthPrincipal } from './principal';
import { principalFromClaims } from './principal-from-claims';
import { JwksCacheOptions, TokenVerifierConfig, TrustedIssuer } from './token-verifier-config';

// Keycloak signs with RS256 unless told otherwise; our own keys are ES256.
const JWKS_ALGORITHMS = ['ES256', 'RS256'];
const LOCAL_KEY_ALGORITHMS = ['ES256'];
const CLOCK_TOLERANCE_SECONDS = 30;
// Keycloak marks its access tokens `typ: Bearer` (ID tokens `ID`, refresh tokens `Refresh`); an ID
// token carries the same signature, issuer and often audience, so without this check it would pass.
const ACCESS_TOKEN_TYPE = 'Bearer';
// The JOSE header `typ`, when present: Keycloak writes `JWT`, RFC 9068 access tokens `at+jwt`.
const ACCEPTED_HEADER_TYPES = ['jwt', 'at+jwt', 'application/at+jwt'];
/**
 * A token verified once is taken as verified for this long (never past its `exp`): the ES256 check
 * was 11% of verification's main thread in the rush (docs/decisions.md #93, #100), and a person sends
 * many requests with one token. Shorter than the JWKS cache (10 min), so a key withdrawn from the
 * issuer stops being honoured no later than it already did.
 */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS_MAX = 10_000;

interface IssuerKeys {
  config: TrustedIssuer;
  key: KeyObject | JWTVerifyGetKey;
  algorithms: string[];
}

/**
 * Checks a bearer token's signature, issuer, audience, expiry, type, client (azp) and MCP claims.
 * Framework-free. Several issuers may be trusted (development: the dev key and the local Keycloak);
 * the token's unverified `iss` only picks whose keys and expectations apply.
 */
export class TokenVerifier {
  private readonly issuers = new Map<string, IssuerKeys>();
  /** Claims of tokens that passed every check, by the token's exact text; failures are never kept. */
  private readonly verified = new LRUCache<string, JWTPayload>({ max: VERIFIED_TOKENS_MAX });

  /** Throws at construction when a local public key cannot be read, so a bad config fails at boot. */
  constructor(config: TokenVerifierConfig) {
    const { alsoTrusted = [], ...primary } = config;
    for (const trusted of [primary as TrustedIssuer, ...alsoTrusted]) {
      if (this.issuers.has(trusted.issuer)) throw new Error(`Issuer ${trusted.issuer} is configured twice`);
      this.issuers.set(trusted.issuer, issuerKeys(trusted));
    }
  }

  /** Resolves to the token's principal, or rejects with an AuthenticationError. */
  async verify(token: string): Promise<AuthPrincipal> {
    return principalFromClaims(await this.verifiedClaims(token));
  }

  private async verifiedClaims(token: string): Promise<JWTPayload> {
    const known = this.verified.get(token);
    // Time is the one check whose answer changes: the rest held when the token was verified.
    if (known && !expired(known)) return known;
    const payload = await this.verifyAfresh(token);
    const untilExpiry = (payload.exp as number) * 1000 + CLOCK_TOLERANCE_SECONDS * 1000 - Date.now();
    if (untilExpiry > 0) this.verified.set(token, payload, { ttl: Math.min(VERIFIED_TOKEN_TTL_MS, untilExpiry) });
    return payload;
  }

  private async verifyAfresh(token: string): Promise<JWTPayload> {
    try {
      const { config, key, algorithms } = this.issuerOf(token);
      const { payload, protectedHeader } = await jwtVerify(token, key, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      assertAccessToken(payload, protectedHeader.typ);
      assertAuthorizedParty(payload, config.authorizedParties);
      return payload;
    } catch (error) {
      throw toAuthenticationError(error);
    }
  }

  private issuerOf(token: string): IssuerKeys {
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch (error) {
      throw new AuthenticationError('invalid-token', 'Token rusak atau tidak valid', { cause: error });
    }
    const trusted = typeof issuer === 'string' ? this.issuers.get(issuer) : undefined;
    if (!trusted) throw new AuthenticationError('invalid-claims', claimMessage('iss'));
    return trusted;
  }
}

/** jose's rule (`exp` reached, with the clock tolerance), for a token already verified. */
function expired(payload: JWTPayload): boolean {
  return Math.floor(Date.now() / 1000) - CLOCK_TOLERANCE_SECONDS >= (payload.exp as number);
}

function issuerKeys(config: TrustedIssuer): IssuerKeys {
  if ('jwksUrl' in config) {
    return { config, key: jwksKeyGetter(config.jwksUrl, config.jwksCache), algorithms: JWKS_ALGORITHMS };
  }
  const pem = 'publicKeyPem' in config ? config.publicKeyPem : readFileSync(config.publicKeyFile, 'utf8');
  return { config, key: createPublicKey(pem), algorithms: LOCAL_KEY_ALGORITHMS };
}

function assertAccessToken(payload: JWTPayload, headerType: string | undefined): void {
  if (headerType !== undefined && !ACCEPTED_HEADER_TYPES.includes(headerType.toLowerCase())) {
    throw new AuthenticationError('invalid-token', 'Jenis token (typ) bukan token akses');
  }
  if (payload['typ'] !== ACCESS_TOKEN_TYPE) {
    throw new AuthenticationError('invalid-claims', 'Jenis token (typ) bukan token akses');
  }
}

function assertAuthorizedParty(payload: JWTPayload, authorizedParties: readonly string[] | undefined): void {
  if (authorizedParties === undefined) return;
  const azp = payload['azp'];
  if (typeof azp !== 'string' || !authorizedParties.includes(azp)) {
    throw new AuthenticationError('invalid-claims', 'Token diterbitkan untuk aplikasi yang tidak diizinkan (azp)');
  }
}

/** How long keys fetched once keep verifying while the identity provider cannot be reached. */
const STALE_KEYS_USABLE_MS = 6 * 60 * 60_000;

// An unreachable Keycloak is our outage, not the caller's bad token: tell the two apart here.
function jwksKeyGetter(jwksUrl: string, cache: JwksCacheOptions = {}): JWTVerifyGetKey {
  const jwks = createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: cache.cooldownMs ?? 30_000,
    cacheMaxAge: cache.maxAgeMs ?? 10 * 60_000,
  });
  // The last key set fetched, and when. jose refetches once its copy is older than cacheMaxAge and
  // fails the token if that fetch fails: every replica then answered 503 to every token it had not
  // verified in the last minute, for as long as Keycloak was slow or down (the deadline rush is
  // when it is busiest), though the keys it held were still good. Keys are rotated rarely and
  // announced ahead; a token signed by a key not in the stale set still fails (JWKSNoMatchingKey).
  // Copied at most once a minute: jose hands out a clone of its set on every call, and rebuilding a
  // local set per verification would clone twice and drop the local set's imported keys each time.
  let lastGood: { keys: JWTVerifyGetKey; copiedAt: number; freshAt: number } | undefined;
  return async (header, token) => {
    try {
      const key = await jwks(header, token);
      const now = Date.now();
      if (!lastGood || now - lastGood.copiedAt >= 60_000) {
        const fetched = jwks.jwks();
        if (fetched) lastGood = { keys: createLocalJWKSet(fetched), copiedAt: now, freshAt: now };
      } else if (jwks.fresh) {
        lastGood.freshAt = now;
      }
      return key;
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
        throw error;
      }
      if (lastGood && Date.now() - lastGood.freshAt < STALE_KEYS_USABLE_MS) return lastGood.keys(header, token);
      throw new AuthenticationError('key-unavailable', 'Kunci verifikasi token tidak dapat diambil', { cause: error });
    }
  };
}

function toAuthenticationError(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) {
    return error;
  }
  if (error instanceof errors.JWTExpired) {
    return new AuthenticationError('expired', 'Token sudah kedaluwarsa', { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthenticationError('invalid-claims', claimMessage(error.claim), { cause: error });
  }
  return new AuthenticationError('invalid-token', invalidTokenMessage(error), { cause: error });
}

function claimMessage(claim: string): string {
  switch (claim) {
    case 'iss':
      return 'Penerbit token (iss) tidak dikenali';
    case 'aud':
      return 'Token tidak ditujukan untuk platform ini (aud)';
    default:
      return `Klaim ${claim} pada token tidak valid`;
  }
}

function invalidTokenMessage(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'Tanda tangan token tidak valid';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return 'Algoritma tanda tangan token tidak diizinkan';
  }
  return 'Token rusak atau tidak valid';
}
