import { Module } from '@nestjs/common';
import { SubmissionHistoryRepository } from './submission-history.repository';
import { SubmissionRepository } from './submission.repository';

@Module({
  providers: [SubmissionRepository, SubmissionHistoryRepository],
  exports: [SubmissionRepository, SubmissionHistoryRepository],
})
export class SubmissionRecordsModule {}
