import { messagingTablesMigration } from '@mcp/messaging';
import { defineService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { CreateNotifications1763700000100 } from './migrations/1763700000100-create-notifications';
import { NotificationConfig } from './notification-config';
import { Notification } from './notifications/notification.entity';

export const notificationService = defineService({
  name: 'notification',
  description:
    'Tells people what happened: an in-app notification for the Pemda on every verification decision.',
  Config: NotificationConfig,
  appModule: () => AppModule.register(),
  entities: [Notification],
  migrations: [messagingTablesMigration('notification'), CreateNotifications1763700000100],
});
