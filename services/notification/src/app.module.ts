import { ServicePlatformModule } from '@mcp/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { notificationService } from './notification.definition';
import type { NotificationConfig } from './notification-config';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  static register(config: NotificationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forRoot(config, notificationService), NotificationsModule],
    };
  }
}
