import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { ReminderScheduler } from './reminder-scheduler';
import { ReminderRepository } from './reminder.repository';

@Module({
  imports: [DeliveriesModule],
  providers: [ReminderRepository, ReminderScheduler],
  exports: [ReminderRepository, ReminderScheduler],
})
export class RemindersModule {}
