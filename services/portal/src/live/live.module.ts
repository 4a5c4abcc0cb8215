import { VerifierWilayahModule } from '@mcp/verifier-wilayah';
import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { DirectoryModule } from '../directory/directory.module';
import { LiveController } from './live.controller';
import { LiveFeed } from './live-feed';

@Module({
  imports: [SessionsModule, VerifierWilayahModule, DirectoryModule],
  controllers: [LiveController],
  providers: [LiveFeed],
  exports: [LiveFeed],
})
export class LiveModule {}
