import { Module } from '@nestjs/common';
import { RecipientsModule } from '../recipients/recipients.module';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryRetention } from './delivery-retention';
import { InboxController } from './inbox.controller';
import { InboxStream } from './inbox-stream';
import { Notifier } from './notifier';

@Module({
  imports: [RecipientsModule],
  controllers: [InboxController],
  providers: [DeliveryRepository, Notifier, InboxStream, DeliveryRetention],
  exports: [DeliveryRepository, Notifier, InboxStream],
})
export class DeliveriesModule {}
