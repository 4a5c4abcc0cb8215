import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { PortalConfig } from '../portal-config';

/** What the browser carries between /auth/oidc/start and the callback (an HttpOnly cookie). */
export interface SignInAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
}

export interface IdentityProviderTokens {
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string | null;
  idToken: string | null;
}

/**
 * The portal as an OpenID Connect client of the identity provider (Keycloak locally): authorization
 * code with PKCE (S256), state and nonce; a public client, so no secret sits in the portal. The
 * tokens never reach the browser: the session row keeps them (docs/decisions.md #19, #63).
 */
@Injectable()
export class OidcClient {
  private readonly logger = new Logger(OidcClient.name);
  private configuration?: Promise<oidc.Configuration>;

  constructor(private readonly config: PortalConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.PORTAL_OIDC_ISSUER);
  }

  async start(redirectUri: string, returnTo: string): Promise<{ url: URL; attempt: SignInAttempt }> {
    const configuration = await this.discovered();
    const attempt: SignInAttempt = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      redirectUri,
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    });
    return { url, attempt };
  }

  /** Exchanges the code the identity provider sent back; refuses a wrong state, nonce or verifier. */
  async finish(callbackUrl: URL, attempt: SignInAttempt): Promise<IdentityProviderTokens> {
    const tokens = await oidc.authorizationCodeGrant(await this.discovered(), callbackUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    return tokensOf(tokens);
  }

  async refresh(refreshToken: string): Promise<IdentityProviderTokens> {
    return tokensOf(await oidc.refreshTokenGrant(await this.discovered(), refreshToken));
  }

  /** Where the browser ends its identity-provider session too, then comes back to the portal. */
  async endSessionUrl(idToken: string | null, postLogoutRedirectUri: string): Promise<string | null> {
    try {
      const configuration = await this.discovered();
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return oidc
        .buildEndSessionUrl(configuration, {
          post_logout_redirect_uri: postLogoutRedirectUri,
          client_id: this.config.PORTAL_OIDC_CLIENT_ID,
          ...(idToken ? { id_token_hint: idToken } : {}),
        })
        .toString();
    } catch (error) {
      this.logger.warn(`No identity-provider logout: ${(error as Error).message}`);
      return null;
    }
  }

  private discovered(): Promise<oidc.Configuration> {
    const issuer = this.config.PORTAL_OIDC_ISSUER;
    if (!issuer) throw new Error('PORTAL_OIDC_ISSUER is not set');
    // Discovered once; a failure is not cached, so an identity provider that starts later is found.
    this.configuration ??= oidc
      .discovery(new URL(issuer), this.config.PORTAL_OIDC_CLIENT_ID, undefined, oidc.None(), {
        // Plain http only for a local identity provider; a deployed one is https.
        ...(issuer.startsWith('http://') && this.config.MCP_ENVIRONMENT !== 'production' ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }
}

function tokensOf(tokens: oidc.TokenEndpointResponse): IdentityProviderTokens {
  return {
    accessToken: tokens.access_token,
    accessExpiresAt: new Date(Date.now() + (tokens.expires_in ?? 300) * 1000),
    refreshToken: tokens.refresh_token ?? null,
    idToken: tokens.id_token ?? null,
  };
}
