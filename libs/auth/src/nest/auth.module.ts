import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TokenVerifier } from '../token-verifier';
import { TokenVerifierConfig } from '../token-verifier-config';
import { JwtAuthGuard } from './jwt-auth.guard';

interface AuthModuleExtras {
  /** Register JwtAuthGuard as APP_GUARD, so a route is open only when marked @Public(). */
  guardAllRoutes: boolean;
}

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder<TokenVerifierConfig>()
  .setClassMethodName('forRoot')
  .setExtras<AuthModuleExtras>({ guardAllRoutes: true }, (definition, extras) => ({
    ...definition,
    global: true,
    providers: [
      ...(definition.providers ?? []),
      ...(extras.guardAllRoutes ? [{ provide: APP_GUARD, useExisting: JwtAuthGuard }] : []),
    ],
  }))
  .build();

/**
 * `AuthModule.forRoot(config)` or `AuthModule.forRootAsync({ inject, useFactory })`, once in the
 * service's root module. Global: TokenVerifier and JwtAuthGuard are injectable everywhere.
 */
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (config: TokenVerifierConfig) => new TokenVerifier(config),
    },
    JwtAuthGuard,
  ],
  exports: [TokenVerifier, JwtAuthGuard],
})
export class AuthModule extends ConfigurableModuleClass {}
