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
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Whom a rule tells: people of the event's Pemda with one of the roles, or everyone with the role. */
export type Audience = { scope: 'pemda'; roles: Role[] } | { scope: 'everyone'; roles: Role[] };

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
];

export function ruleFor(kind: NotificationKind): NotificationRule {
  const rule = NOTIFICATION_RULES.find((candidate) => candidate.kind === kind);
  if (!rule) throw new Error(`No notification rule for ${kind}`);
  return rule;
}

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
