import { Module } from '@nestjs/common';
import { EvidenceWithdrawals } from './evidence-withdrawals';
import { MyQueue } from './my-queue';
import { TaskClaims } from './task-claims';
import { TaskEventsController } from './task-events.controller';
import { TaskIntake } from './task-intake';
import { TaskReader } from './task-reader';
import { TasksController } from './tasks.controller';

@Module({
  controllers: [TasksController, TaskEventsController],
  providers: [TaskReader, TaskClaims, MyQueue, TaskIntake, EvidenceWithdrawals],
  exports: [TaskReader],
})
export class TasksModule {}
