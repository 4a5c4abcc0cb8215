import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration, seedReferenceDataAfterMigrate } from '@mcp/reference-data';
import { defineService } from '@mcp/service-runtime';
import { AppModule, type VerificationOverrides } from './app.module';
import { VerificationConfig } from './verification-config';
import { rerouteTasksToMapping } from './routing/reroute-tasks';
import { Decision } from './decisions/decision.entity';
import { RejectionReason } from './decisions/rejection-reason.entity';
import { CreateVerificationQueue1763700000300 } from './migrations/1763700000300-create-verification-queue';
import { ClaimOrderAndLeases1763700000400 } from './migrations/1763700000400-claim-order-and-leases';
import { DecisionKindsAndReasons1763700000410 } from './migrations/1763700000410-decision-kinds-and-reasons';
import { QaRoutingWithdrawalsYears1763700000420 } from './migrations/1763700000420-qa-routing-withdrawals-years';
import { RubricValuesUnrounded1763700000430 } from './migrations/1763700000430-rubric-values-unrounded';
import { LeaseWarnings1763700000470 } from './migrations/1763700000470-lease-warnings';
import { ItemContributors1763700000480 } from './migrations/1763700000480-item-contributors';
import { ClarificationThreads1763700000495 } from './migrations/1763700000495-clarification-threads';
import { DecisionsNotCounted1763700000740 } from './migrations/1763700000740-decisions-not-counted';
import { ClaimAndDecisionIndexes1763700000920 } from './migrations/1763700000920-claim-and-decision-indexes';
import { PemdaThreadsAndFinishedPauses1763700000930 } from './migrations/1763700000930-pemda-threads-and-finished-pauses';
import { PemdaOperatorAssignments1763700000940 } from './migrations/1763700000940-pemda-operator-assignments';
import { ClarificationAttachmentItems1763700000950 } from './migrations/1763700000950-clarification-attachment-items';
import { TaskCancelReason1763700000960 } from './migrations/1763700000960-task-cancel-reason';
import { ClarificationIdempotencyKey1763700000980 } from './migrations/1763700000980-clarification-idempotency-key';
import { WithdrawalKeptOutcomes1763700000990 } from './migrations/1763700000990-withdrawal-kept-outcomes';
import { QaReview } from './qa/qa-review.entity';
import { VerifierWilayah } from './routing/verifier-wilayah.entity';
import { Task } from './task-records/task.entity';
import { TaskEvidence } from './task-records/task-evidence.entity';
import { ClosedYear } from './years/closed-year.entity';

export const verificationService = defineService({
  name: 'verification',
  description:
    'The verification queue: one task per Pemda × year × sub-indicator in the wilayah of its province, claimed with a lease ' +
    '(most urgent first), decided (approved, rejected, revision requested) into mcp.evidence.verified.v1, corrected within a ' +
    'period, and sampled for QA; a clarification thread per task (whose questions may pause its clock). Manager views under /v1/stats.',
  Config: VerificationConfig,
  appModule: (config, overrides?: VerificationOverrides) => AppModule.register(config, overrides),
  entities: [Task, TaskEvidence, Decision, RejectionReason, QaReview, VerifierWilayah, ClosedYear],
  migrations: [
    messagingTablesMigration('verification'),
    referenceTablesMigration('verification'),
    CreateVerificationQueue1763700000300,
    ClaimOrderAndLeases1763700000400,
    DecisionKindsAndReasons1763700000410,
    QaRoutingWithdrawalsYears1763700000420,
    RubricValuesUnrounded1763700000430,
    LeaseWarnings1763700000470,
    ItemContributors1763700000480,
    ClarificationThreads1763700000495,
    DecisionsNotCounted1763700000740,
    ClaimAndDecisionIndexes1763700000920,
    PemdaThreadsAndFinishedPauses1763700000930,
    PemdaOperatorAssignments1763700000940,
    ClarificationAttachmentItems1763700000950,
    TaskCancelReason1763700000960,
    ClarificationIdempotencyKey1763700000980,
    WithdrawalKeptOutcomes1763700000990,
  ],
  afterMigrate: async (dataSource) =>
    `${await seedReferenceDataAfterMigrate(dataSource)}; ${await rerouteTasksToMapping(dataSource, new Date())} unfinished task(s) moved to a changed wilayah`,
});
