import type { EventContract } from './event-contract';
import { AggregateUpdated } from './events/aggregate-updated';
import { DecisionRefused } from './events/decision-refused';
import { DeadlineExtended } from './events/deadline-extended';
import { EvidenceQuarantined } from './events/evidence-quarantined';
import { EvidenceSubmitted } from './events/evidence-submitted';
import { EvidenceVerified } from './events/evidence-verified';
import { EvidenceWithdrawn } from './events/evidence-withdrawn';
import { FrameworkPublished } from './events/framework-published';
import { ScoreSnapshot } from './events/score-snapshot';
import { QaReviewRequested } from './events/qa-review-requested';
import { ScoreUpdated } from './events/score-updated';
import { TaskLeaseExpiring } from './events/task-lease-expiring';
import { TaskReassigned } from './events/task-reassigned';
import { VerifierWilayahAssigned } from './events/verifier-wilayah-assigned';
import { YearClosed } from './events/year-closed';
import { AuditHead } from './events/audit-head';
import { ClarificationMessagePosted } from './events/clarification-message-posted';
import { OperatorAssignmentsChanged } from './events/operator-assignments-changed';
import { ClarificationAttachmentUploaded } from './events/clarification-attachment-uploaded';
import {
  DEAD_LETTER_RETENTION_MS,
  deadLetterTopicOf,
  TOPIC_RETENTION_MS,
  Topics,
  type TopicName,
  type TopicSpec,
} from './topics';

const contractsByTopic: { readonly [T in TopicName]: EventContract<unknown> } = {
  [Topics.evidenceSubmitted]: EvidenceSubmitted,
  [Topics.evidenceWithdrawn]: EvidenceWithdrawn,
  [Topics.evidenceVerified]: EvidenceVerified,
  [Topics.decisionRefused]: DecisionRefused,
  [Topics.scoreUpdated]: ScoreUpdated,
  [Topics.scoreSnapshot]: ScoreSnapshot,
  [Topics.aggregateUpdated]: AggregateUpdated,
  [Topics.frameworkPublished]: FrameworkPublished,
  [Topics.yearClosed]: YearClosed,
  [Topics.deadlineExtended]: DeadlineExtended,
  [Topics.taskReassigned]: TaskReassigned,
  [Topics.taskLeaseExpiring]: TaskLeaseExpiring,
  [Topics.qaReviewRequested]: QaReviewRequested,
  [Topics.evidenceQuarantined]: EvidenceQuarantined,
  [Topics.verifierWilayahAssigned]: VerifierWilayahAssigned,
  [Topics.auditHead]: AuditHead,
  [Topics.clarificationMessagePosted]: ClarificationMessagePosted,
  [Topics.operatorAssignmentsChanged]: OperatorAssignmentsChanged,
  [Topics.clarificationAttachmentUploaded]: ClarificationAttachmentUploaded,
};

/**
 * Every contract, in the order of `Topics`. Keyed by topic above so that a topic without a
 * contract does not compile: topic administration and the AsyncAPI document would miss it.
 */
export function allContracts(): EventContract<unknown>[] {
  return Object.values(Topics).map((topic) => contractsByTopic[topic]);
}

export function allTopicSpecs(): TopicSpec[] {
  const main = allContracts().map(({ topic, channel }) => ({
    name: topic,
    compacted: channel.compacted,
    retentionMs: TOPIC_RETENTION_MS[topic],
  }));
  const deadLetters = main.map(({ name }) => ({
    name: deadLetterTopicOf(name),
    compacted: false,
    retentionMs: DEAD_LETTER_RETENTION_MS,
  }));
  return [...main, ...deadLetters];
}
