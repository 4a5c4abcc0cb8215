import { Module } from '@nestjs/common';
import { ClarificationThreads } from './clarification-threads';
import { ClarificationsController } from './clarifications.controller';
import { PemdaClarificationsController } from './pemda-clarifications.controller';

@Module({
  controllers: [ClarificationsController, PemdaClarificationsController],
  providers: [ClarificationThreads],
})
export class ClarificationsModule {}
