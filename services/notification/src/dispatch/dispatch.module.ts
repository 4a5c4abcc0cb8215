import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { EmailSender } from './email-sender';
import { WebhookSender } from './webhook-sender';

@Module({
  imports: [RecipientsModule, DeliveriesModule, WebhooksModule],
  providers: [DeliveryDispatcher, EmailSender, WebhookSender],
  exports: [DeliveryDispatcher],
})
export class DispatchModule {}
