import type { VerificationOutcome } from '@mcp/contracts';

/**
 * Where a sub-indicator stands for the Pemda. "In review" (a verifier has claimed the task) is not
 * told to submissions (claims stay in verification), so such items show as `submitted`.
 * `not_counted`: scoring refused the decision in force (a closed year, docs/decisions.md #74).
 */
export type ItemStatus = 'empty' | 'submitted' | 'revision_requested' | 'approved' | 'rejected' | 'not_counted';

export const ITEM_STATUSES: ItemStatus[] = ['empty', 'submitted', 'revision_requested', 'approved', 'rejected', 'not_counted'];

/**
 * Evidence awaiting a decision makes the item `submitted`; otherwise the decision in force says,
 * unless scoring refused it.
 */
export function itemStatus(
  decisionOutcome: VerificationOutcome | null | undefined,
  evidenceStatuses: string[],
  decisionNotCounted = false,
): ItemStatus {
  if (evidenceStatuses.includes('submitted')) return 'submitted';
  if (decisionOutcome && decisionNotCounted) return 'not_counted';
  return decisionOutcome ?? 'empty';
}

/** Scoring refused the decision in force: the sequences match (either event may come first). */
export function isDecisionNotCounted(submission: { decisionSequence: number; notCountedSequence: number | null } | null | undefined): boolean {
  return !!submission && submission.decisionSequence > 0 && submission.notCountedSequence === submission.decisionSequence;
}

/** The claim (`nilai`) may change until the item is verified: approved or rejected, nothing pending. */
export function isClaimLocked(status: ItemStatus): boolean {
  return status === 'approved' || status === 'rejected' || status === 'not_counted';
}
