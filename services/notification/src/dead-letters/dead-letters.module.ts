import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { DeadLetterWatch } from './dead-letter-watch';
import { DeadLetterWatchRepository } from './dead-letter-watch.repository';

@Module({
  imports: [DeliveriesModule],
  providers: [DeadLetterWatchRepository, DeadLetterWatch],
  exports: [DeadLetterWatch],
})
export class DeadLettersModule {}
