import type { AuthPrincipal } from '../principal';
import type { Role } from '../roles';
import { assertCanActForPemda } from './assert-scope';

/**
 * Who may read a Pemda's figures (progress, scores, explanations, reports): verifiers and QA work
 * across Pemda, analysts and admins watch them all, so they read every Pemda; a Pemda's own
 * operators and admins read only their own. One rule for every service.
 */
const READERS_OF_EVERY_PEMDA: readonly Role[] = ['verifier', 'qa', 'analyst', 'admin'];

/** Throws 403 naming the Pemda when the principal may not read its figures. */
export function assertMayReadPemda(principal: AuthPrincipal, pemdaCode: string): void {
  if (principal.roles.some((role) => READERS_OF_EVERY_PEMDA.includes(role))) return;
  assertCanActForPemda(principal, pemdaCode);
}
