import type { Role } from '@mcp/auth';

export const CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels a person can receive on; webhooks are for systems, by subscription. */
export type PersonalChannel = Exclude<Channel, 'webhook'>;

export const NOTIFICATION_KINDS = [
  'decision.approved',
  'decision.rejected',
  'decision.revision_requested',
  'year.closed',
  'webhook.disabled',
  'deadline.reminder',
  'deadline.extended',
  'task.reassigned_to',
  'task.reassigned_from',
  'task.cancelled',
  'task.rerouted',
  'sub_indicator.removed',
  'task.lease_expiring',
  'qa.review_requested',
  'dead_letters.present',
  'evidence.quarantined',
  'clarification.question',
  'clarification.answer',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Whom a rule tells: people of the event's Pemda or wilayah with one of the roles, everyone with
 * the role, or the one person the event names (`MessageFacts.userId`, e.g. the verifier a task was
 * given to). Whoever did what the notice is about (`MessageFacts.actor`) is never told.
 */
export type Audience =
  | { scope: 'pemda'; roles: Role[] }
  | { scope: 'wilayah'; roles: Role[] }
  | { scope: 'everyone'; roles: Role[] }
  | { scope: 'person'; who: string };

export interface NotificationRule {
  kind: NotificationKind;
  /** What causes it, as written in services/notification/README.md. */
  trigger: string;
  audience: Audience;
  /** A mandatory notice is sent whatever the recipient's preferences say. */
  mandatory: boolean;
  channels: PersonalChannel[];
}

const PEMDA_STAFF: Audience = { scope: 'pemda', roles: ['pemda-operator', 'pemda-admin'] };

/**
 * Who is told what, over which channel: the one table the fan-out reads. Keep it in step with the
 * table in services/notification/README.md (a unit test compares them).
 */
export const NOTIFICATION_RULES: readonly NotificationRule[] = [
  { kind: 'decision.approved', trigger: 'mcp.evidence.verified.v1, outcome approved', audience: PEMDA_STAFF, mandatory: false, channels: ['in_app', 'email'] },
  { kind: 'decision.rejected', trigger: 'mcp.evidence.verified.v1, outcome rejected', audience: PEMDA_STAFF, mandatory: true, channels: ['in_app', 'email'] },
  { kind: 'decision.revision_requested', trigger: 'mcp.evidence.verified.v1, outcome revision_requested', audience: PEMDA_STAFF, mandatory: false, channels: ['in_app', 'email'] },
  { kind: 'year.closed', trigger: 'mcp.year.closed.v1', audience: { scope: 'everyone', roles: ['pemda-operator', 'pemda-admin'] }, mandatory: false, channels: ['in_app', 'email'] },
  { kind: 'webhook.disabled', trigger: 'a webhook subscription failed WEBHOOK_DISABLE_AFTER_FAILURES times in a row', audience: { scope: 'everyone', roles: ['admin'] }, mandatory: true, channels: ['in_app', 'email'] },
  { kind: 'deadline.reminder', trigger: 'REMINDER_DAYS_BEFORE days before the upload deadline, Pemda with open sub-indicators', audience: PEMDA_STAFF, mandatory: true, channels: ['in_app', 'email'] },
  { kind: 'deadline.extended', trigger: 'mcp.deadline.extended.v1', audience: PEMDA_STAFF, mandatory: true, channels: ['in_app', 'email'] },
  { kind: 'task.reassigned_to', trigger: 'mcp.task.reassigned.v1, toVerifier set, no reason', audience: { scope: 'person', who: 'the verifier given the task (toVerifier)' }, mandatory: true, channels: ['in_app', 'email'] },
  { kind: 'task.reassigned_from', trigger: 'mcp.task.reassigned.v1, fromVerifier set, no reason', audience: { scope: 'person', who: 'the verifier the task was taken from (fromVerifier)' }, mandatory: false, channels: ['in_app', 'email'] },
  { kind: 'task.cancelled', trigger: 'mcp.task.reassigned.v1 with reason sub_indicator_removed', audience: { scope: 'person', who: 'the verifier who held the task (fromVerifier)' }, mandatory: false, channels: ['in_app', 'email'] },
  { kind: 'task.rerouted', trigger: 'mcp.task.reassigned.v1 with reason wilayah_remapped', audience: { scope: 'person', who: 'the verifier who held the task (fromVerifier)' }, mandatory: false, channels: ['in_app', 'email'] },
  // Their upload is no longer waiting for a verdict, and their checklist no longer shows the item (#199).
  { kind: 'sub_indicator.removed', trigger: 'mcp.task.reassigned.v1 with reason sub_indicator_removed', audience: PEMDA_STAFF, mandatory: false, channels: ['in_app', 'email'] },
  { kind: 'task.lease_expiring', trigger: 'mcp.task.lease-expiring.v1 (LEASE_WARNING_MINUTES before the lease ends)', audience: { scope: 'person', who: 'the verifier holding the claim (claimedBy)' }, mandatory: false, channels: ['in_app', 'email'] },
  // Confidential to QA by its contract: the decider is the actor, so never told (issue 12).
  { kind: 'qa.review_requested', trigger: 'mcp.qa.review.requested.v1', audience: { scope: 'wilayah', roles: ['qa'] }, mandatory: false, channels: ['in_app', 'email'] },
  { kind: 'dead_letters.present', trigger: 'new records on any dead-letter topic (.dlq), at most once per topic per DEAD_LETTER_NOTICE_MINUTES', audience: { scope: 'everyone', roles: ['admin'] }, mandatory: true, channels: ['in_app', 'email'] },
  // The uploader is told too (not the actor rule): the upload answer may never have reached them.
  { kind: 'evidence.quarantined', trigger: 'mcp.evidence.quarantined.v1 (malware found in an upload)', audience: PEMDA_STAFF, mandatory: true, channels: ['in_app', 'email'] },
  // A question may stop the task's clock until the Pemda answers: it must not go unseen (issue 15).
  { kind: 'clarification.question', trigger: 'mcp.clarification.message-posted.v1, authorSide verifier', audience: PEMDA_STAFF, mandatory: true, channels: ['in_app', 'email'] },
  { kind: 'clarification.answer', trigger: 'mcp.clarification.message-posted.v1, authorSide pemda', audience: { scope: 'person', who: 'the verifier holding the task, else the one who wrote last (verifier)' }, mandatory: false, channels: ['in_app', 'email'] },
];

/** The "who" column of the rules table in services/notification/README.md. */
export function audienceText(audience: Audience): string {
  switch (audience.scope) {
    case 'person':
      return audience.who;
    case 'pemda':
      return `${audience.roles.join(', ')} of the Pemda`;
    case 'wilayah':
      return `${audience.roles.join(', ')} of the wilayah, except the decider`;
    case 'everyone':
      return audience.roles.includes('admin') ? 'admin' : `${audience.roles.join(', ')} of every Pemda`;
  }
}

export function ruleFor(kind: NotificationKind): NotificationRule {
  const rule = NOTIFICATION_RULES.find((candidate) => candidate.kind === kind);
  if (!rule) throw new Error(`No notification rule for ${kind}`);
  return rule;
}

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
