import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { WebhookFanOut } from './webhook-fan-out';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [DeliveriesModule],
  controllers: [WebhooksController],
  providers: [WebhookSubscriptionRepository, WebhookFanOut],
  exports: [WebhookSubscriptionRepository, WebhookFanOut],
})
export class WebhooksModule {}
