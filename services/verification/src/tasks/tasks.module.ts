import { Module } from '@nestjs/common';
import { EvidenceWithdrawals } from './evidence-withdrawals';
import { LeaseWarnings } from './lease-warnings';
import { MyQueue } from './my-queue';
import { TaskClaims } from './task-claims';
import { TaskIntake } from './task-intake';
import { TaskReader } from './task-reader';
import { TasksController } from './tasks.controller';
import { TasksEvents } from './tasks.events';

@Module({
  controllers: [TasksController],
  providers: [TaskReader, TaskClaims, MyQueue, TaskIntake, EvidenceWithdrawals, TasksEvents, LeaseWarnings],
  exports: [TaskReader, LeaseWarnings],
})
export class TasksModule {}
