import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { NotificationConfig } from '../notification-config';
import { WebhookFanOut } from './webhook-fan-out';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { WebhookTargetPolicy } from './webhook-target-policy';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [DeliveriesModule],
  controllers: [WebhooksController],
  providers: [
    WebhookSubscriptionRepository,
    WebhookFanOut,
    { provide: WebhookTargetPolicy, inject: [NotificationConfig], useFactory: (config: NotificationConfig) => WebhookTargetPolicy.fromConfig(config) },
  ],
  exports: [WebhookSubscriptionRepository, WebhookFanOut, WebhookTargetPolicy],
})
export class WebhooksModule {}
