import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration, seedReferenceDataAfterMigrate } from '@mcp/reference-data';
import { defineService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { SubmissionsConfig } from './submissions-config';
import type { Clock } from './deadlines/clock';
import { DeadlineExtension } from './deadlines/deadline-extension.entity';
import { Evidence } from './evidence/evidence.entity';
import { IdempotencyRecord } from './idempotency/idempotency-record.entity';
import { CreateEvidence1763700000200 } from './migrations/1763700000200-create-evidence';
import { SubmissionLifecycle1763700000210 } from './migrations/1763700000210-submission-lifecycle';
import { ExactRubricValues1763700000220 } from './migrations/1763700000220-exact-rubric-values';
import { MalwareScan1763700000230 } from './migrations/1763700000230-malware-scan';
import { Duties1763700000235 } from './migrations/1763700000235-duties';
import { EvidencePrechecks1763700000240 } from './migrations/1763700000240-evidence-prechecks';
import { PrecheckQueue1763700000750 } from './migrations/1763700000750-precheck-queue';
import { AnnounceOperatorAssignments1763700000940 } from './migrations/1763700000940-announce-operator-assignments';
import { ClosedYears1763700000960 } from './migrations/1763700000960-closed-years';
import { PendingUpload1763700000260 } from './migrations/1763700000260-pending-upload';
import { OperatorAssignments1763700000270 } from './migrations/1763700000270-operator-assignments';
import { ClarificationAttachments1763700000275 } from './migrations/1763700000275-clarification-attachments';
import { ItemsNotCounted1763700000740 } from './migrations/1763700000740-items-not-counted';
import { SubmissionHistory } from './submission-records/submission-history.entity';
import { Submission } from './submission-records/submission.entity';

export const submissionsService = defineService({
  name: 'submissions',
  description:
    'Takes evidence (dokumen pendukung) from Pemda operators for each sub-indicator: streams each file to storage ' +
    'while hashing it, keeps every version with its history, the Pemda\'s claims (nilai) and the upload deadlines, ' +
    'and announces uploads and withdrawals on mcp.evidence.submitted.v1 and mcp.evidence.withdrawn.v1.',
  Config: SubmissionsConfig,
  appModule: (config, clock?: Clock) => AppModule.register(config, clock),
  entities: [Evidence, Submission, SubmissionHistory, DeadlineExtension, IdempotencyRecord],
  migrations: [
    messagingTablesMigration('submissions'),
    referenceTablesMigration('submissions'),
    CreateEvidence1763700000200,
    SubmissionLifecycle1763700000210,
    ExactRubricValues1763700000220,
    MalwareScan1763700000230,
    Duties1763700000235,
    EvidencePrechecks1763700000240,
    PendingUpload1763700000260,
    OperatorAssignments1763700000270,
    ClarificationAttachments1763700000275,
    ItemsNotCounted1763700000740,
    PrecheckQueue1763700000750,
    AnnounceOperatorAssignments1763700000940,
    ClosedYears1763700000960,
  ],
  afterMigrate: seedReferenceDataAfterMigrate,
});
