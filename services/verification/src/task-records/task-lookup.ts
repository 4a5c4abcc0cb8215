import { DomainError } from '@mcp/service-runtime';
import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
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

export function unknownTask(taskId: string): DomainError {
  return new DomainError('not-found', 'UNKNOWN_TASK', `Tugas verifikasi ${taskId} tidak ditemukan (task not found)`);
}

/**
 * An entity from a raw row a hand-written statement returned (e.g. `RETURNING task.*`), converted
 * column by column as TypeORM converts its own reads, transformers included: no second read of a
 * row the statement already had.
 */
export function hydrate<T>(source: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = source.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    column.setEntityValue(entity as object, source.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
