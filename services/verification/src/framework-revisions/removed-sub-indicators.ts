import type { FrameworkPublishedV1 } from '@mcp/contracts';
import { indexFramework, type Framework } from '@mcp/mcp-domain';
import { announceReferenceDataChange, storeFrameworkRevision } from '@mcp/reference-data';
import { schemaOf, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { ACTIVE_TASK_STATUSES } from '../task-records/task.entity';
import { lockYearExclusive } from '../years/year-lock';
import { subIndicatorRemovedDetail } from './sub-indicator-removed';

/**
 * A published revision that drops a sub-indicator takes its unfinished tasks out of the queue:
 * a verdict on them is checked against the newest revision, which no longer has a rubric for
 * them, so they could be neither decided (404) nor would they ever count. Scoring refuses a
 * revision that drops a decision already in force, so only unfinished work is affected. The
 * tasks are cancelled, with the revision in their history; their files stay recorded.
 */
@Injectable()
export class RemovedSubIndicators {
  private readonly logger = new Logger(RemovedSubIndicators.name);

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async cancelTasks(event: FrameworkPublishedV1, manager: EntityManager): Promise<void> {
    // Stored here too, so an intake waiting on the year lock finds the revision whichever of this
    // service's two consumers of the topic runs first (the other finds it already stored). Storing
    // validates it: an invalid document is dead-lettered here.
    if ((await storeFrameworkRevision(manager, schemaOf(manager), event.framework)) === 'stored') await announceReferenceDataChange(manager);
    const framework = event.framework as unknown as Framework;
    // Exclusive against the intake (shared), until commit: an upload read before this commits
    // cannot open a task on a dropped code after the sweep below.
    await lockYearExclusive(manager, framework.year);
    const [{ newest }]: { newest: number }[] = await manager.query(
      `SELECT max(revision) AS newest FROM ${sqlTable(manager, 'framework')} WHERE year = $1`,
      [framework.year],
    );
    // A replayed older revision must not cancel work a newer one keeps; the newer one swept already.
    if (newest > framework.revision) return;
    const now = this.clock.now();
    const cancelled: { id: string; sub_indicator_code: string }[] = await manager.query(
      `WITH cancelled AS (
         UPDATE ${sqlTable(manager, 'task')}
            SET status = 'cancelled', claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL, evidence_changed_at = $3, updated_at = $3
          WHERE year = $1 AND status IN (${ACTIVE_TASK_STATUSES.map((status) => `'${status}'`).join(', ')})
            AND NOT (sub_indicator_code = ANY($2::text[]))
         RETURNING id, sub_indicator_code
       ), history AS (
         INSERT INTO ${sqlTable(manager, 'task_history')} (task_id, at, kind, actor, detail)
         SELECT id, $3, 'cancelled', NULL, $4::jsonb FROM cancelled
       )
       SELECT id, sub_indicator_code FROM cancelled`,
      [framework.year, [...indexFramework(framework).subIndicators.keys()], now, JSON.stringify(subIndicatorRemovedDetail(framework.revision))],
    );
    if (cancelled.length === 0) return;
    // A question stopping a cancelled task's clock stops it no more, as on a closed year (#66).
    await manager.query(`UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $2 WHERE resumed_at IS NULL AND task_id = ANY($1::uuid[])`, [
      cancelled.map((task) => task.id),
      now,
    ]);
    const codes = [...new Set(cancelled.map((task) => task.sub_indicator_code))].sort();
    this.logger.log(
      `Framework ${framework.year} revision ${framework.revision} dropped ${codes.join(', ')}: ${cancelled.length} unfinished task(s) cancelled`,
    );
  }
}
