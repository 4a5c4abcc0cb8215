import type { ServiceDefinition } from '@mcp/service-runtime';
import { messagingTablesMigration } from '@mcp/messaging';
import { CreateNotifications1763700000100 } from './migrations/1763700000100-create-notifications';
import { Notification } from './notifications/notification.entity';

export const notificationService = {
  name: 'notification',
  description:
    'Tells people what happened: an in-app notification for the Pemda on every verification decision.',
  entities: [Notification],
  migrations: [messagingTablesMigration('notification'), CreateNotifications1763700000100],
} satisfies ServiceDefinition & { description: string };
