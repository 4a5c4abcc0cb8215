import { createPrivateKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { DEV_AUTH_DEFAULTS, DEV_PRIVATE_KEY_FILE } from './dev-auth';
import { AuthPrincipal } from './principal';
import { principalFromClaims } from './principal-from-claims';

export interface TokenIssuerConfig {
  issuer: string;
  audience: string;
  /** PKCS8 PEM of an ES256 private key. */
  privateKeyPem: string;
  /** `azp`, the client the token is for, as an identity provider writes it (tests of AUTH_CLIENTS). */
  authorizedParty?: string;
}

/** Signs MCP tokens for development and tests; production tokens come from Keycloak. */
export class TokenIssuer {
  private readonly privateKey: KeyObject;

  constructor(private readonly config: TokenIssuerConfig) {
    this.privateKey = createPrivateKey(config.privateKeyPem);
  }

  /** An issuer with the committed dev key and DEV_AUTH_DEFAULTS, matching a default-configured service. */
  static forDevelopment(): TokenIssuer {
    return new TokenIssuer({
      issuer: DEV_AUTH_DEFAULTS.issuer,
      audience: DEV_AUTH_DEFAULTS.audience,
      privateKeyPem: readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8'),
    });
  }

  /**
   * Signs a token for the principal. `ttl` is a jose time span such as '15m', '8h' or '2d'.
   * Throws AuthenticationError('invalid-claims') for a principal a verifier would refuse (e.g. a
   * verifier without wilayah), so a test never holds a token that cannot work.
   */
  async issue(principal: AuthPrincipal, ttl = '1h'): Promise<string> {
    const { subject, ...claims } = principal;
    principalFromClaims({ sub: subject, ...claims });
    // typ: the verifier accepts access tokens only (Keycloak's marking, which ours copy).
    const azp = this.config.authorizedParty ? { azp: this.config.authorizedParty } : {};
    return new SignJWT({ ...claims, ...azp, typ: 'Bearer' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(ttl)
      .sign(this.privateKey);
  }
}
