/**
 * Topic names are part of the public contract: downstream analytics subscribe to them directly.
 * A breaking change to an event creates a `.v2` topic; the `.v1` topic keeps flowing until every
 * consumer has moved.
 */
export const Topics = {
  evidenceSubmitted: 'mcp.evidence.submitted.v1',
  evidenceWithdrawn: 'mcp.evidence.withdrawn.v1',
  evidenceVerified: 'mcp.evidence.verified.v1',
  decisionRefused: 'mcp.decision.refused.v1',
  scoreUpdated: 'mcp.score.updated.v1',
  scoreSnapshot: 'mcp.score.snapshot.v1',
  aggregateUpdated: 'mcp.aggregate.updated.v1',
  frameworkPublished: 'mcp.framework.published.v1',
  yearClosed: 'mcp.year.closed.v1',
  deadlineExtended: 'mcp.deadline.extended.v1',
  taskReassigned: 'mcp.task.reassigned.v1',
  taskLeaseExpiring: 'mcp.task.lease-expiring.v1',
  qaReviewRequested: 'mcp.qa.review.requested.v1',
  evidenceQuarantined: 'mcp.evidence.quarantined.v1',
  verifierWilayahAssigned: 'mcp.verifier.wilayah-assigned.v1',
  auditHead: 'mcp.audit.head.v1',
  clarificationMessagePosted: 'mcp.clarification.message-posted.v1',
  operatorAssignmentsChanged: 'mcp.operator.assignments-changed.v1',
  clarificationAttachmentUploaded: 'mcp.clarification.attachment-uploaded.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Events that keep failing are parked here with the reason, so their partition keeps moving. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

export interface TopicSpec {
  name: string;
  /** Compacted topics keep the latest value per key (the framework of a year). */
  compacted: boolean;
  /** `retention.ms` of the topic; -1 keeps every record (see the consumer guide). */
  retentionMs: number;
}

/**
 * Event topics keep every record: every read model, here and downstream, must be rebuildable from
 * offset 0, and a year of MCP is a few hundred thousand small events. Dead letters are kept until
 * handled too (never deleted by time): each is a decision or upload some service has not applied,
 * and `npm run dead-letters` replays or skips it (docs/decisions.md #61).
 */
export const EVENT_RETENTION_MS = -1;
export const DEAD_LETTER_RETENTION_MS = -1;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `retention.ms` of every topic, decided here and nowhere else (docs/decisions.md #75): provisioning,
 * the Strimzi topics manifest, the AsyncAPI document and reporting's schema listing all read it.
 * Keyed by topic, so a new topic does not compile without an explicit choice. The rule: a topic
 * that any read model (ours or downstream) is built from keeps every record; the compacted state
 * topics keep the latest record per key for good (compaction, not time, removes the rest). Only a
 * notice that nobody rebuilds anything from may expire, and then never before the inboxes forget
 * its id (`INBOX_RETENTION_HOURS`, 30 days), so a redelivery is still recognised.
 */
export const TOPIC_RETENTION_MS: { readonly [T in TopicName]: number } = {
  [Topics.evidenceSubmitted]: EVENT_RETENTION_MS,
  [Topics.evidenceWithdrawn]: EVENT_RETENTION_MS,
  [Topics.evidenceVerified]: EVENT_RETENTION_MS,
  [Topics.decisionRefused]: EVENT_RETENTION_MS,
  [Topics.scoreUpdated]: EVENT_RETENTION_MS,
  [Topics.scoreSnapshot]: EVENT_RETENTION_MS,
  [Topics.aggregateUpdated]: EVENT_RETENTION_MS,
  [Topics.frameworkPublished]: EVENT_RETENTION_MS,
  [Topics.yearClosed]: EVENT_RETENTION_MS,
  [Topics.deadlineExtended]: EVENT_RETENTION_MS,
  [Topics.taskReassigned]: EVENT_RETENTION_MS,
  // "Your claim runs out in N minutes": worthless after the lease, and no read model is built from it.
  [Topics.taskLeaseExpiring]: 30 * DAY_MS,
  [Topics.qaReviewRequested]: EVENT_RETENTION_MS,
  [Topics.evidenceQuarantined]: EVENT_RETENTION_MS,
  [Topics.verifierWilayahAssigned]: EVENT_RETENTION_MS,
  // Notification's inbox of a thread is built from it; the thread itself lives in verification.
  [Topics.clarificationMessagePosted]: EVENT_RETENTION_MS,
  [Topics.auditHead]: EVENT_RETENTION_MS,
  // Compacted: the latest set per Pemda stays for good.
  [Topics.operatorAssignmentsChanged]: EVENT_RETENTION_MS,
  // Verification's copy is built from it; kept as long as the threads it is checked for.
  [Topics.clarificationAttachmentUploaded]: EVENT_RETENTION_MS,
};

/** The broker settings of one topic, as provisioning creates them and the Strimzi manifest declares them. */
export function topicConfigOf(spec: TopicSpec, minInsyncReplicas: number): Record<string, string> {
  return {
    'cleanup.policy': spec.compacted ? 'compact' : 'delete',
    'retention.ms': String(spec.retentionMs),
    'min.insync.replicas': String(minInsyncReplicas),
  };
}
