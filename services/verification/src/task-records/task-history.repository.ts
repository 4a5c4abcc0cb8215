import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';

/** What can happen to a task, as its history records it (some rows are written by SQL in the feature that acts). */
export const TASK_HISTORY_KINDS = [
  'evidence_added',
  'evidence_withdrawn',
  'claimed',
  'extended',
  'released',
  'lease_expired',
  'reassigned',
  'decided',
  'decision_not_counted',
  'cancelled',
  'reinstated',
  'year_closed',
  'rerouted',
] as const;
export type TaskHistoryKind = (typeof TASK_HISTORY_KINDS)[number];

export interface TaskHistoryRow {
  at: Date;
  kind: TaskHistoryKind;
  actor: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * Who held, released or lost each task and when: the decisions alone do not show that a task sat
 * claimed for hours, or who had it before an admin moved it.
 */
export async function recordTaskHistory(
  manager: EntityManager,
  taskId: string,
  entry: { at: Date; kind: TaskHistoryKind; actor?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await manager.query(
    `INSERT INTO ${sqlTable(manager, 'task_history')} (task_id, at, kind, actor, detail) VALUES ($1, $2, $3, $4, $5)`,
    [taskId, entry.at, entry.kind, entry.actor ?? null, entry.detail ? JSON.stringify(entry.detail) : null],
  );
}

export function readTaskHistory(manager: EntityManager, taskId: string): Promise<TaskHistoryRow[]> {
  return manager.query(`SELECT at, kind, actor, detail FROM ${sqlTable(manager, 'task_history')} WHERE task_id = $1 ORDER BY id`, [taskId]);
}
