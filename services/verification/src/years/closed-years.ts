import type { YearClosedV1 } from '@mcp/contracts';
import { formatLocalTime, KPK_TIME_ZONE } from '@mcp/mcp-domain';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { ClosedYear } from './closed-year.entity';
import { lockYearExclusive } from './year-lock';

/**
 * Closed years, learnt from mcp.year.closed.v1. Once a year is closed its scores are final, so
 * every decision on it (first, correction, QA overturn) is refused, and its unfinished tasks leave
 * the queue: nobody should claim work that can no longer count.
 */
@Injectable()
export class ClosedYears {
  private readonly logger = new Logger(ClosedYears.name);

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async assertOpen(manager: EntityManager, year: number): Promise<void> {
    const closed = await manager.findOneBy(ClosedYear, { year });
    assertYearOpen(year, closed?.closedAt ?? null);
  }

  async isClosed(manager: EntityManager, year: number): Promise<boolean> {
    return (await manager.countBy(ClosedYear, { year })) > 0;
  }

  async close(event: YearClosedV1, manager: EntityManager): Promise<void> {
    // Exclusive against the intake (shared): an upload read before this commits cannot open a
    // task on the year after the sweep below.
    await lockYearExclusive(manager, event.year);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${sqlTable(manager, 'closed_year')} (year, closed_at, closed_by) VALUES ($1, $2, $3)
       ON CONFLICT (year) DO NOTHING RETURNING year`,
      [event.year, event.closedAt, event.closedBy],
    );
    if (inserted.length === 0) return;
    const now = this.clock.now();
    // The statement is an INSERT at the top, so the driver returns its rows directly.
    const closedTasks: { id: string }[] = await manager.query(
      `WITH closed AS (
         UPDATE ${sqlTable(manager, 'task')}
            SET status = 'year_closed', claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL, updated_at = $2
          WHERE year = $1 AND status IN ('open', 'claimed', 'revision_requested')
         RETURNING id, status)
       INSERT INTO ${sqlTable(manager, 'task_history')} (task_id, at, kind, actor, detail)
       SELECT id, $2, 'year_closed', $3, jsonb_build_object('year', $1::int) FROM closed
       RETURNING task_id AS id`,
      [event.year, now, event.closedBy],
    );
    // A question still stopping a closed task's clock stops it no more (docs/decisions.md #66). Its
    // own statement, after the tasks are closed: a question that held a task's lock while the update
    // above waited for it committed after that statement's snapshot, and only a later one sees it.
    if (closedTasks.length > 0) {
      await manager.query(`UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $2 WHERE resumed_at IS NULL AND task_id = ANY($1::uuid[])`, [
        closedTasks.map((task) => task.id),
        now,
      ]);
    }
    this.logger.log(`Year ${event.year} closed: ${closedTasks.length} unfinished task(s) left the queue`);
  }
}

/** Throws 409 YEAR_CLOSED when the year has a closing time (read by the caller, e.g. with the task). */
export function assertYearOpen(year: number, closedAt: Date | null): void {
  if (closedAt) {
    throw new DomainError(
      'conflict',
      'YEAR_CLOSED',
      `Tahun ${year} sudah ditutup pada ${formatLocalTime(closedAt, KPK_TIME_ZONE)}; nilainya final dan keputusan tidak dapat diberikan atau diubah (year ${year} is closed)`,
    );
  }
}
