import { TaskReassigned } from '@mcp/contracts';
import type { OutboxWriter } from '@mcp/messaging';
import type { EntityManager } from 'typeorm';
import { taskSubjectOf, type TaskFacts } from './task-subject';

export interface Reassignment {
  fromVerifier: string | null;
  toVerifier: string | null;
  leaseExpiresAt: Date | null;
  reassignedBy: string;
  at: Date;
}

/**
 * Tells the world (notification, in practice: both verifiers) that a task changed hands by an
 * admin's act, in the transaction of the change. Written by every path that takes a claim from a
 * verifier or gives one: the reassign endpoint and moving a verifier to another wilayah.
 */
export async function announceReassignment(outbox: OutboxWriter, manager: EntityManager, task: TaskFacts, change: Reassignment): Promise<void> {
  await outbox.enqueue(manager, TaskReassigned, {
    ...taskSubjectOf(task),
    fromVerifier: change.fromVerifier,
    toVerifier: change.toVerifier,
    leaseExpiresAt: change.leaseExpiresAt?.toISOString() ?? null,
    reassignedBy: change.reassignedBy,
    at: change.at.toISOString(),
  });
}
