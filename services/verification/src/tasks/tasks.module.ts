import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { VerificationConfig } from '../verification-config';
import { Decision } from './decision.entity';
import { Task } from './task.entity';
import { TaskEvidence } from './task-evidence.entity';
import { TaskIntake } from './task-intake';
import { TasksController } from './tasks.controller';
import { QUEUE_SETTINGS, VerificationQueue, type QueueSettings } from './verification-queue';

@Module({})
export class TasksModule {
  static register(config: VerificationConfig): DynamicModule {
    return {
      module: TasksModule,
      imports: [TypeOrmModule.forFeature([Task, TaskEvidence, Decision])],
      controllers: [TasksController],
      providers: [
        TaskIntake,
        { provide: QUEUE_SETTINGS, useValue: { leaseMinutes: config.CLAIM_LEASE_MINUTES } satisfies QueueSettings },
        VerificationQueue,
      ],
    };
  }
}
