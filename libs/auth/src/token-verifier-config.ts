interface TokenExpectations {
  /** Expected `iss`, e.g. the Keycloak realm URL. */
  issuer: string;
  /** Expected `aud`. */
  audience: string;
}

/**
 * Where the verification key comes from: Keycloak's JWKS endpoint (AUTH_JWKS_URL), or one public
 * key, as a file (AUTH_PUBLIC_KEY_FILE) or as the PEM text itself (SPKI).
 */
export type TokenVerifierConfig = TokenExpectations &
  ({ jwksUrl: string } | { publicKeyFile: string } | { publicKeyPem: string });
