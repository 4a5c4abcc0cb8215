import { ReferenceDataModule } from '@mcp/reference-data';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { DispatchModule } from './dispatch/dispatch.module';
import { MessagesModule } from './messages/messages.module';
import { NotificationConfig } from './notification-config';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  /** `clock` is replaced only by tests that move time (retries, reminders). */
  static register(config: NotificationConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      imports: [SettingsModule.register(config, clock), ReferenceDataModule.forService(), MessagesModule, NotificationsModule, DispatchModule, DeadLettersModule],
    };
  }
}

/** The validated config and the clock, for every feature without threading them through each register(). */
@Global()
@Module({})
class SettingsModule {
  static register(config: NotificationConfig, clock: Clock): DynamicModule {
    return {
      module: SettingsModule,
      providers: [
        { provide: NotificationConfig, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [NotificationConfig, Clock],
    };
  }
}
