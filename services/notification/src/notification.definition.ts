import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration, seedReferenceDataAfterMigrate } from '@mcp/reference-data';
import { defineService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import type { Clock } from './clock';
import { CreateNotifications1763700000100 } from './migrations/1763700000100-create-notifications';
import { NotificationChannels1763700000110 } from './migrations/1763700000110-notification-channels';
import { Reminders1763700000120 } from './migrations/1763700000120-reminders';
import { DeadLetterWatch1763700000150 } from './migrations/1763700000150-dead-letter-watch';
import { VerifierWilayah1763700000160 } from './migrations/1763700000160-verifier-wilayah';
import { NotificationConfig } from './notification-config';
import { Notification } from './notifications/notification.entity';

export const notificationService = defineService({
  name: 'notification',
  description:
    'Decides who is told what, over which channel, in Indonesian: an in-app inbox per person (with live updates), ' +
    'e-mail over SMTP and signed webhooks for downstream systems, all sent from a delivery outbox with retries.',
  Config: NotificationConfig,
  appModule: (config, clock?: Clock) => AppModule.register(config, clock),
  entities: [Notification],
  migrations: [
    messagingTablesMigration('notification'),
    referenceTablesMigration('notification'),
    CreateNotifications1763700000100,
    NotificationChannels1763700000110,
    Reminders1763700000120,
    DeadLetterWatch1763700000150,
    VerifierWilayah1763700000160,
  ],
  afterMigrate: seedReferenceDataAfterMigrate,
});
