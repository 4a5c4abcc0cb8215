import { DEV_AUTH_DEFAULTS, DEV_PRIVATE_KEY_FILE, TokenIssuer } from '@mcp/auth';
import { VerifierWilayahModule } from '@mcp/verifier-wilayah';
import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { PortalConfig } from '../portal-config';
import { DirectoryModule } from '../directory/directory.module';
import { PeopleModule } from '../people/people.module';
import { SessionsModule } from '../sessions/sessions.module';
import { OidcClient } from './oidc-client';
import { OidcSignInController } from './oidc-sign-in.controller';
import { SessionTokens } from './session-tokens';
import { SignInController } from './sign-in.controller';

@Module({
  imports: [SessionsModule, VerifierWilayahModule, DirectoryModule, PeopleModule],
  controllers: [SignInController, OidcSignInController],
  providers: [
    OidcClient,
    SessionTokens,
    {
      // Development sign-in signs with the committed dev key, for the issuer the services trust for
      // it: AUTH_ISSUER, or `mcp-local` when AUTH_ISSUER is the local Keycloak's (docs/decisions.md
      // #42). PortalConfig refuses it when MCP_ENVIRONMENT=production.
      provide: TokenIssuer,
      inject: [PortalConfig],
      // Without development sign-in the dev key is never read (a production image need not hold it).
      useFactory: (config: PortalConfig) =>
        config.PORTAL_DEV_SIGN_IN
          ? new TokenIssuer({ issuer: config.AUTH_JWKS_URL ? DEV_AUTH_DEFAULTS.issuer : config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, privateKeyPem: readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8') })
          : null,
    },
  ],
  exports: [SessionTokens, OidcClient],
})
export class SignInModule {}
