import { createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './authentication-error';
import { AuthPrincipal } from './principal';
import { principalFromClaims } from './principal-from-claims';
import { TokenVerifierConfig } from './token-verifier-config';

// Keycloak signs with RS256 unless told otherwise; our own keys are ES256.
const JWKS_ALGORITHMS = ['ES256', 'RS256'];
const LOCAL_KEY_ALGORITHMS = ['ES256'];
const CLOCK_TOLERANCE_SECONDS = 30;

/** Checks a bearer token's signature, issuer, audience, expiry and MCP claims. Framework-free. */
export class TokenVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly algorithms: string[];

  /** Throws at construction when a local public key cannot be read, so a bad config fails at boot. */
  constructor(private readonly config: TokenVerifierConfig) {
    if ('jwksUrl' in config) {
      this.key = jwksKeyGetter(config.jwksUrl);
      this.algorithms = JWKS_ALGORITHMS;
    } else {
      const pem = 'publicKeyPem' in config ? config.publicKeyPem : readFileSync(config.publicKeyFile, 'utf8');
      this.key = createPublicKey(pem);
      this.algorithms = LOCAL_KEY_ALGORITHMS;
    }
  }

  /** Resolves to the token's principal, or rejects with an AuthenticationError. */
  async verify(token: string): Promise<AuthPrincipal> {
    return principalFromClaims(await this.verifiedClaims(token));
  }

  private async verifiedClaims(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.algorithms,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return payload;
    } catch (error) {
      throw toAuthenticationError(error);
    }
  }
}

// An unreachable Keycloak is our outage, not the caller's bad token: tell the two apart here.
function jwksKeyGetter(jwksUrl: string): JWTVerifyGetKey {
  const jwks = createRemoteJWKSet(new URL(jwksUrl));
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
        throw error;
      }
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
