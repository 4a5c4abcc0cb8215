import { Module } from '@nestjs/common';
import { PortalConfig } from '../portal-config';
import { SessionsModule } from '../sessions/sessions.module';
import { SignInModule } from '../sign-in/sign-in.module';
import { UpstreamProxyController, UPSTREAMS } from './upstream-proxy.controller';
import { upstreamsFrom } from './upstreams';

@Module({
  imports: [SessionsModule, SignInModule],
  controllers: [UpstreamProxyController],
  providers: [{ provide: UPSTREAMS, inject: [PortalConfig], useFactory: (config: PortalConfig) => upstreamsFrom(config.PORTAL_UPSTREAMS) }],
})
export class UpstreamModule {}
