import { TaskReassigned, type TaskReassignedV1 } from '@mcp/contracts';
import type { OutboxWriter } from '@mcp/messaging';
import type { EntityManager } from 'typeorm';
import { taskSubjectOf, type TaskFacts } from './task-subject';

export interface Reassignment {
  fromVerifier: string | null;
  toVerifier: string | null;
  leaseExpiresAt: Date | null;
  reassignedBy: string;
  at: Date;
  /**
   * Why, when no admin acted: a published revision dropped the task's sub-indicator (#197), or a
   * re-seeded wilayah mapping moved its Pemda (#221).
   */
  reason?: TaskReassignedV1['reason'];
  frameworkRevision?: number;
}

/** `reassignedBy` when the service itself took the task from its holder, not an admin. */
export const SERVICE_ACTOR = 'mcp-verification';

/**
 * Tells the world (notification, in practice: both verifiers) that a task changed hands, in the
 * transaction of the change. Written by every path that takes a claim from a verifier or gives
 * one: the reassign endpoint, moving a verifier to another wilayah, a revision that drops the
 * sub-indicator of an unfinished task (held or not: the Pemda is told too, #199), and a re-seeded
 * wilayah mapping that moves a held task (#221).
 */
export async function announceReassignment(outbox: OutboxWriter, manager: EntityManager, task: TaskFacts, change: Reassignment): Promise<void> {
  await announceReassignments(outbox, manager, [{ task, change }]);
}

/** `announceReassignment` for many tasks in one statement (a revision may cancel one per Pemda). */
export async function announceReassignments(outbox: OutboxWriter, manager: EntityManager, changes: readonly { task: TaskFacts; change: Reassignment }[]): Promise<void> {
  await outbox.enqueueAll(
    manager,
    TaskReassigned,
    changes.map(({ task, change }) => ({
      ...taskSubjectOf(task),
      fromVerifier: change.fromVerifier,
      toVerifier: change.toVerifier,
      leaseExpiresAt: change.leaseExpiresAt?.toISOString() ?? null,
      reassignedBy: change.reassignedBy,
      at: change.at.toISOString(),
      ...(change.reason ? { reason: change.reason, frameworkRevision: change.frameworkRevision } : {}),
    })),
  );
}
