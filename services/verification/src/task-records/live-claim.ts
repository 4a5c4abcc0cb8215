import { DomainError } from '@mcp/service-runtime';
import type { Task } from './task.entity';

/** A claim holds its task only while the lease runs; after that the task competes as if open. */
export function isLiveClaim(task: Pick<Task, 'status' | 'leaseExpiresAt'>, now: Date): boolean {
  return task.status === 'claimed' && task.leaseExpiresAt !== null && task.leaseExpiresAt > now;
}

/** Only the verifier who holds a claim whose lease has not run out may decide, extend or release the task. */
export function assertHoldsLiveClaim(task: Pick<Task, 'status' | 'claimedBy' | 'leaseExpiresAt'>, subject: string, now: Date): void {
  if (!isLiveClaim(task, now) || task.claimedBy !== subject) {
    throw new DomainError(
      'conflict',
      'NOT_CLAIM_HOLDER',
      'Anda tidak sedang memegang tugas ini (masa pegangnya habis atau tugas dialihkan); ambil tugas berikutnya dari antrean, atau minta admin mengalihkannya kepada Anda (you do not hold a live claim on this task)',
    );
  }
}
