import { DomainError } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import { Task } from './task.entity';

/** The task, or 404 UNKNOWN_TASK. */
export async function findTask(manager: EntityManager, taskId: string): Promise<Task> {
  const task = await manager.findOneBy(Task, { id: taskId });
  if (!task) throw unknownTask(taskId);
  return task;
}

/** The task locked for the rest of the transaction, or 404 UNKNOWN_TASK. */
export async function lockTask(manager: EntityManager, taskId: string): Promise<Task> {
  const task = await manager.findOne(Task, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
  if (!task) throw unknownTask(taskId);
  return task;
}

function unknownTask(taskId: string): DomainError {
  return new DomainError('not-found', 'UNKNOWN_TASK', `Tugas verifikasi ${taskId} tidak ditemukan (task not found)`);
}
