import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { OperatorAssignmentsModule } from '../operator-assignments/operator-assignments.module';
import { SubmissionRecordsModule } from '../submission-records/submission-records.module';
import { SubmissionClaims } from './submission-claims';
import { SubmissionDecisions } from './submission-decisions';
import { SubmissionItemsController } from './submission-items.controller';
import { SubmissionItemsEvents } from './submission-items.events';
import { SubmissionRefusals } from './submission-refusals';
import { SubmissionProgress } from './submission-progress';

@Module({
  imports: [SubmissionRecordsModule, OperatorAssignmentsModule, EvidenceModule],
  controllers: [SubmissionItemsController],
  providers: [SubmissionProgress, SubmissionClaims, SubmissionDecisions, SubmissionRefusals, SubmissionItemsEvents],
})
export class SubmissionItemsModule {}
