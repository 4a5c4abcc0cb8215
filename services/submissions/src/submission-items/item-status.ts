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

/**
 * A claim changed alone is no event: it reaches verification with the next upload (docs/decisions.md
 * #46), so while evidence awaits a decision the verifier would judge the old claim, and would not
 * know who changed it (separation of duties). Then the claim changes only with an upload (#143).
 */
export function isClaimUnderVerification(status: ItemStatus): boolean {
  return status === 'submitted';
}

/** The claim (`nilai`) may change until the item is verified: approved or rejected, nothing pending. */
export function isClaimLocked(status: ItemStatus): boolean {
  return status === 'approved' || status === 'rejected' || status === 'not_counted';
}
