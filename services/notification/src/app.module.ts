import { Module, type DynamicModule } from '@nestjs/common';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  static register(): DynamicModule {
    return { module: AppModule, imports: [NotificationsModule] };
  }
}
