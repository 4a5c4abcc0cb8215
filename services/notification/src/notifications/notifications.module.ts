import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { RemindersModule } from '../reminders/reminders.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { Notification } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsEvents } from './notifications.events';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [TypeOrmModule.forFeature([Notification]), DeliveriesModule, WebhooksModule, RemindersModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsEvents],
})
export class NotificationsModule {}
