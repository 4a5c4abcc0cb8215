import { VerifierWilayahModule } from '@mcp/verifier-wilayah';
import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { NotificationConfig } from '../notification-config';
import { Preferences } from './preferences';
import { RecipientRepository } from './recipient.repository';
import { RecipientsController } from './recipients.controller';
import { SignInSyncInterceptor } from './sign-in-sync.interceptor';
import { UnsubscribeLinks } from './unsubscribe-links';

@Module({
  // The replica `withRoles` reads to find a moved verifier's wilayah.
  imports: [VerifierWilayahModule],
  controllers: [RecipientsController],
  providers: [
    RecipientRepository,
    Preferences,
    {
      provide: UnsubscribeLinks,
      inject: [NotificationConfig],
      useFactory: (config: NotificationConfig) => new UnsubscribeLinks(config.UNSUBSCRIBE_SECRET, config.NOTIFICATION_PUBLIC_URL),
    },
    { provide: APP_INTERCEPTOR, useClass: SignInSyncInterceptor },
  ],
  exports: [RecipientRepository, UnsubscribeLinks],
})
export class RecipientsModule {}
