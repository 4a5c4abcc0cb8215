/** What a task's history says when a published revision dropped its sub-indicator. */
export const SUB_INDICATOR_REMOVED = 'sub-indicator removed';

export function subIndicatorRemovedDetail(revision: number): Record<string, unknown> {
  return { because: SUB_INDICATOR_REMOVED, revision };
}
