interface TokenExpectations {
  /** Expected `iss`, e.g. the Keycloak realm URL. */
  issuer: string;
  /** Expected `aud`. */
  audience: string;
  /**
   * Clients (`azp`, the OAuth client the token was issued to) whose tokens are accepted. Unset: `azp`
   * is not checked (the development key, whose tokens are made by `npm run token`). Set: a token
   * without `azp`, or issued to another client of the same realm, is refused.
   */
  authorizedParties?: readonly string[];
}

/**
 * JWKS cache tuning (jose's createRemoteJWKSet): keys are re-fetched after `maxAgeMs`, or at once
 * when a token names a key id the cached set lacks (a rotation), but never twice within
 * `cooldownMs`, so tokens with made-up key ids cannot make us hammer the identity provider.
 */
export interface JwksCacheOptions {
  cooldownMs?: number;
  maxAgeMs?: number;
}

/**
 * One issuer the verifier trusts, and where its keys come from: the identity provider's JWKS
 * endpoint (AUTH_JWKS_URL), or one public key, as a file (AUTH_PUBLIC_KEY_FILE) or as PEM text (SPKI).
 */
export type TrustedIssuer = TokenExpectations &
  ({ jwksUrl: string; jwksCache?: JwksCacheOptions } | { publicKeyFile: string } | { publicKeyPem: string });

/**
 * The issuer a service trusts, and in development optionally more (`alsoTrusted`: the local
 * Keycloak besides the development key, docs/decisions.md #42). A token is checked against the one
 * whose `iss` it names, with that issuer's keys only.
 */
export type TokenVerifierConfig = TrustedIssuer & { alsoTrusted?: readonly TrustedIssuer[] };
