/** Every audited state change and read, by the words the services use. */
export const auditActions = [
  'evidence.uploaded',
  'evidence.withdrawn',
  'evidence.downloaded',
  'claim.changed',
  'deadline.extended',
  'decision.recorded',
  'decision.corrected',
  'qa.reviewed',
  'task.reassigned',
  'verifier.wilayah-assigned',
  'verifier.wilayah-unassigned',
  'framework.published',
  'year.closed',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Actions a Pemda's own users take; an admin taking one acts on the Pemda's behalf. */
const pemdaActions: ReadonlySet<AuditAction> = new Set(['evidence.uploaded', 'evidence.withdrawn', 'claim.changed']);

/** Who acted: a verified principal (`AuthPrincipal` fits), or only a subject (an operator's CLI run). */
export type AuditActor = { subject: string; roles: readonly string[] } | string;

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

/** The Pemda an admin acted for (shown as such in the Pemda's history), else null. */
export function onBehalfOfPemda(entry: AuditEntry): string | null {
  const actsAsPemda = rolesOf(entry.actor).some((role) => role === 'pemda-operator' || role === 'pemda-admin');
  if (actsAsPemda || !pemdaActions.has(entry.action) || !entry.pemdaCode) return null;
  return entry.pemdaCode;
}

export function subjectOf(actor: AuditActor): string {
  return typeof actor === 'string' ? actor : actor.subject;
}

export function rolesOf(actor: AuditActor): readonly string[] {
  return typeof actor === 'string' ? [] : actor.roles;
}
