import { canActForPemda, type AuthPrincipal } from '@mcp/auth';
import type { PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';

/**
 * Who may see a Pemda's evidence. Submissions cannot see which verifier claimed a task (claims
 * stay inside verification), so "the assigned verifier" is approximated by every verifier and QA
 * of the Pemda's wilayah: the people who may claim its tasks.
 */
function reviewsPemda(principal: AuthPrincipal, pemda: PemdaRecord): boolean {
  return principal.roles.some((role) => role === 'verifier' || role === 'qa') && principal.wilayah === pemda.wilayah;
}

/** Files themselves: the owning Pemda, reviewers of its wilayah, admins. */
export function assertCanDownload(principal: AuthPrincipal, pemda: PemdaRecord): void {
  if (canActForPemda(principal, pemda.code) || reviewsPemda(principal, pemda)) return;
  throw notAllowed(pemda.code);
}

/** Metadata, progress and history: the above, and analysts (who see dashboards anyway). */
export function assertCanRead(principal: AuthPrincipal, pemda: PemdaRecord): void {
  if (principal.roles.includes('analyst')) return;
  assertCanDownload(principal, pemda);
}

function notAllowed(pemdaCode: string): DomainError {
  return new DomainError(
    'forbidden',
    'NOT_ALLOWED_FOR_PEMDA',
    `Anda tidak berwenang melihat dokumen Pemda ${pemdaCode} (only the Pemda, verifiers and QA of its wilayah, and admins)`,
  );
}
