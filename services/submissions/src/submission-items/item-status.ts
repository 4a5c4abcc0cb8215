import type { VerificationOutcome } from '@mcp/contracts';

/**
 * Where a sub-indicator stands for the Pemda. "In review" (a verifier has claimed the task) is not
 * told to submissions (claims stay in verification), so such items show as `submitted`.
 */
export type ItemStatus = 'empty' | 'submitted' | 'revision_requested' | 'approved' | 'rejected';

export const ITEM_STATUSES: ItemStatus[] = ['empty', 'submitted', 'revision_requested', 'approved', 'rejected'];

/** Evidence awaiting a decision makes the item `submitted`; otherwise the decision in force says. */
export function itemStatus(decisionOutcome: VerificationOutcome | null | undefined, evidenceStatuses: string[]): ItemStatus {
  if (evidenceStatuses.includes('submitted')) return 'submitted';
  return decisionOutcome ?? 'empty';
}

/** The claim (`nilai`) may change until the item is verified: approved or rejected, nothing pending. */
export function isClaimLocked(status: ItemStatus): boolean {
  return status === 'approved' || status === 'rejected';
}
