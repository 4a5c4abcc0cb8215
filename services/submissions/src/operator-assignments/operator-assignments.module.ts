import { Module } from '@nestjs/common';
import { AssignmentAnnouncement } from './assignment-announcement';
import { SubmissionRecordsModule } from '../submission-records/submission-records.module';
import { OperatorAssignmentRepository } from './operator-assignment.repository';
import { OperatorAssignments } from './operator-assignments';
import { OperatorAssignmentsController } from './operator-assignments.controller';
import { OperatorHandovers } from './operator-handovers';
import { OperatorScope } from './operator-scope';

/** OPD accounts: the Pemda admin's assignments and handovers, and the check every item change makes. */
@Module({
  imports: [SubmissionRecordsModule],
  controllers: [OperatorAssignmentsController],
  providers: [OperatorAssignmentRepository, AssignmentAnnouncement, OperatorAssignments, OperatorHandovers, OperatorScope],
  exports: [OperatorScope],
})
export class OperatorAssignmentsModule {}
