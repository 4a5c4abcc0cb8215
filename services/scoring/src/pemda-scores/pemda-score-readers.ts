import { assertCanActForPemda, type AuthPrincipal, type Role } from '@mcp/auth';

/**
 * Verifiers and QA work across Pemda, and analysts and admins watch them all, so they read every
 * Pemda's score; a Pemda's own operators and admins read only their own.
 */
const READERS_OF_EVERY_PEMDA: readonly Role[] = ['verifier', 'qa', 'analyst', 'admin'];

/** Throws 403 naming the Pemda when the principal may not read its score. */
export function assertMayReadPemdaScore(principal: AuthPrincipal, pemdaCode: string): void {
  if (principal.roles.some((role) => READERS_OF_EVERY_PEMDA.includes(role))) return;
  assertCanActForPemda(principal, pemdaCode);
}
