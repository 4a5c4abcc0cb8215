import { DomainError } from '@mcp/service-runtime';
import type { Task } from './task.entity';

/** What a task's history says when a published revision dropped its sub-indicator. */
export const SUB_INDICATOR_REMOVED = 'sub-indicator removed';

export function subIndicatorRemovedDetail(revision: number): Record<string, unknown> {
  return { because: SUB_INDICATOR_REMOVED, revision };
}

/**
 * A verifier who held a task when a revision dropped its sub-indicator learns why their verdict is
 * refused, instead of "you do not hold a live claim", which sends them to ask for the task back.
 */
export function assertSubIndicatorNotRemoved(task: Pick<Task, 'status' | 'cancelReason' | 'subIndicatorCode'>): void {
  if (task.status !== 'cancelled' || task.cancelReason !== 'sub_indicator_removed') return;
  throw new DomainError(
    'conflict',
    'SUB_INDICATOR_REMOVED',
    `Tugas ini dibatalkan: sub-indikator ${task.subIndicatorCode} dihapus dari kerangka yang berlaku; tidak ada yang perlu diputuskan ` +
      `(the task was cancelled: a published revision dropped its sub-indicator)`,
  );
}
