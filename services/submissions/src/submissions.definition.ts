import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration } from '@mcp/reference-data';
import type { ServiceDefinition } from '@mcp/service-runtime';
import { DeadlineExtension } from './deadlines/deadline-extension.entity';
import { Evidence } from './evidence/evidence.entity';
import { IdempotencyRecord } from './idempotency/idempotency-record.entity';
import { CreateEvidence1763700000200 } from './migrations/1763700000200-create-evidence';
import { SubmissionLifecycle1763700000210 } from './migrations/1763700000210-submission-lifecycle';
import { SubmissionHistory } from './submission-items/submission-history.entity';
import { Submission } from './submission-items/submission.entity';

export const submissionsService = {
  name: 'submissions',
  description:
    'Takes evidence (dokumen pendukung) from Pemda operators for each sub-indicator: streams each file to storage ' +
    'while hashing it, keeps every version with its history, the Pemda\'s claims (nilai) and the upload deadlines, ' +
    'and announces uploads and withdrawals on mcp.evidence.submitted.v1 and mcp.evidence.withdrawn.v1.',
  entities: [Evidence, Submission, SubmissionHistory, DeadlineExtension, IdempotencyRecord],
  migrations: [
    messagingTablesMigration('submissions'),
    referenceTablesMigration('submissions'),
    CreateEvidence1763700000200,
    SubmissionLifecycle1763700000210,
  ],
} satisfies ServiceDefinition & { description: string };
