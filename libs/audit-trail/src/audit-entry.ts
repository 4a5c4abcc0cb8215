import { actsOnBehalfOfPemda, type AuthPrincipal } from '@mcp/auth';

/** Every audited state change and read, by the words the services use. */
export const auditActions = [
  'evidence.uploaded',
  'evidence.withdrawn',
  'evidence.downloaded',
  'claim.changed',
  'deadline.extended',
  'decision.recorded',
  'decision.corrected',
  'decision.refused',
  'qa.reviewed',
  'task.reassigned',
  'verifier.wilayah-assigned',
  'verifier.wilayah-unassigned',
  'framework.published',
  'year.closed',
  'clarification.posted',
  'clarification.attachment-uploaded',
  'clarification.attachment-downloaded',
  'operator.assigned',
  'operator.removed',
  'operator.handed-over',
  'target.set',
  'recipient.filed',
  'webhook.subscribed',
  'webhook.secret-rotated',
  'webhook.enabled',
  'webhook.delivery-resent',
  'report.detail-exported',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Actions a Pemda's own users take; an admin taking one acts on the Pemda's behalf. */
const pemdaActions: ReadonlySet<AuditAction> = new Set(['evidence.uploaded', 'evidence.withdrawn', 'claim.changed', 'clarification.posted', 'clarification.attachment-uploaded']);

/** Who acted: a verified principal, or only a subject (an operator's CLI run). */
export type AuditActor = AuthPrincipal | string;

/** What a use case records: who, what, which, when, and details. */
export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction;
  pemdaCode?: string;
  year?: number;
  subIndicatorCode?: string;
  /** The records touched, by kind: `{ evidenceId }`, `{ taskId, decisionId }`. */
  ids?: Record<string, string>;
  details?: Record<string, unknown>;
  /** The use case's clock; the database adds its own `recorded_at`. */
  occurredAt?: Date;
}

/** The Pemda an admin acted for (the rule of libs/auth, as the Pemda's history shows it), else null. */
export function onBehalfOfPemda(entry: AuditEntry): string | null {
  if (typeof entry.actor === 'string' || !entry.pemdaCode || !pemdaActions.has(entry.action)) return null;
  return actsOnBehalfOfPemda(entry.actor, entry.pemdaCode) ? entry.pemdaCode : null;
}

export function subjectOf(actor: AuditActor): string {
  return typeof actor === 'string' ? actor : actor.subject;
}

export function rolesOf(actor: AuditActor): readonly string[] {
  return typeof actor === 'string' ? [] : actor.roles;
}
