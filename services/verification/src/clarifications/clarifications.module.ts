import { Module } from '@nestjs/common';
import { ClarificationThreads } from './clarification-threads';
import { ClarificationsController } from './clarifications.controller';

@Module({
  controllers: [ClarificationsController],
  providers: [ClarificationThreads],
})
export class ClarificationsModule {}
