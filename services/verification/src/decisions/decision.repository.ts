import { prepared } from '@mcp/postgres-client';
import { DomainError, schemaOf, sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import type { Task } from '../task-records/task.entity';
import { Decision } from './decision.entity';

export async function findDecision(manager: EntityManager, decisionId: string): Promise<Decision> {
  const decision = await manager.findOneBy(Decision, { id: decisionId });
  if (!decision) {
    throw new DomainError('not-found', 'UNKNOWN_DECISION', `Keputusan ${decisionId} tidak ditemukan (decision not found)`);
  }
  return decision;
}

/**
 * The item's highest sequence, read under a per-item lock: two decisions on one item from
 * different tasks (a correction of the old one, a first decision on a new upload) must not both
 * take the same next number.
 */
export async function lastSequence(manager: EntityManager, task: Pick<Task, 'pemdaCode' | 'year' | 'subIndicatorCode'>): Promise<number> {
  await lockItemSequence(manager, task);
  const [{ last }]: { last: number }[] = await manager.query(
    prepared(`SELECT COALESCE(MAX(sequence), 0)::int AS last FROM ${sqlTable(manager, 'decision')}
      WHERE pemda_code = $1 AND year = $2 AND sub_indicator_code = $3`),
    [task.pemdaCode, task.year, task.subIndicatorCode],
  );
  return last;
}

/**
 * The per-item lock `lastSequence` takes, alone: a writer that computes the next sequence inside
 * its own INSERT takes it first, in a statement of its own, so the INSERT's snapshot (taken when
 * it starts, after the lock is held) sees every decision committed before.
 */
export async function lockItemSequence(manager: EntityManager, task: Pick<Task, 'pemdaCode' | 'year' | 'subIndicatorCode'>): Promise<void> {
  await manager.query(prepared('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))'), [
    itemLockSpace(manager),
    `${task.pemdaCode}/${task.year}/${task.subIndicatorCode}`,
  ]);
}

/** The first key of every item's sequence lock; the second is `<pemdaCode>/<year>/<subIndicatorCode>`. */
export function itemLockSpace(manager: EntityManager): string {
  return `${schemaOf(manager)}.item`;
}
