import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { SignInModule } from '../sign-in/sign-in.module';
import { LiveController } from './live.controller';
import { LiveFeed } from './live-feed';

@Module({
  imports: [SessionsModule, SignInModule],
  controllers: [LiveController],
  providers: [LiveFeed],
  exports: [LiveFeed],
})
export class LiveModule {}
