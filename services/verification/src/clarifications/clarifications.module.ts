import { Module } from '@nestjs/common';
import { ClarificationAttachmentsEvents } from './clarification-attachments.events';
import { ClarificationThreads } from './clarification-threads';
import { ClarificationsController } from './clarifications.controller';
import { PemdaClarificationsController } from './pemda-clarifications.controller';

@Module({
  controllers: [ClarificationsController, PemdaClarificationsController],
  providers: [ClarificationThreads, ClarificationAttachmentsEvents],
})
export class ClarificationsModule {}
