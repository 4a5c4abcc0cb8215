import { VerifierWilayahModule } from '@mcp/verifier-wilayah';
import { Module, type DynamicModule } from '@nestjs/common';
import { DirectoryModule } from './directory/directory.module';
import { LiveModule } from './live/live.module';
import { PeopleModule } from './people/people.module';
import { PortalConfig } from './portal-config';
import { SessionsModule } from './sessions/sessions.module';
import { SignInModule } from './sign-in/sign-in.module';
import { UpstreamModule } from './upstream/upstream.module';
import { WebAppModule } from './web-app/web-app.module';

@Module({})
export class AppModule {
  static register(config: PortalConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so every feature module can inject the validated config.
      global: true,
      providers: [{ provide: PortalConfig, useValue: config }],
      exports: [PortalConfig],
      imports: [SessionsModule, VerifierWilayahModule, SignInModule, DirectoryModule, PeopleModule, UpstreamModule, LiveModule, WebAppModule.register(config)],
    };
  }
}
