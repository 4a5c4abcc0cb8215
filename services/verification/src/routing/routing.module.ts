import { Global, Module } from '@nestjs/common';
import { RoutingController } from './routing.controller';
import { VerifierScopes } from './verifier-scopes';

@Global()
@Module({ controllers: [RoutingController], providers: [VerifierScopes], exports: [VerifierScopes] })
export class RoutingModule {}
