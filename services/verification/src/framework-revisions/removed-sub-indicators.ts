import type { FrameworkPublishedV1 } from '@mcp/contracts';
import { indexFramework, subIndicatorWeightInTotal, type Framework } from '@mcp/mcp-domain';
import { OutboxWriter } from '@mcp/messaging';
import { announceReferenceDataChange, storeFrameworkRevision } from '@mcp/reference-data';
import { schemaOf, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { awaitRevisionAgainIfNothingNew } from '../tasks/withdrawn-evidence';
import { ACTIVE_TASK_STATUSES } from '../task-records/task.entity';
import { lockYearExclusive } from '../years/year-lock';
import { subIndicatorRemovedDetail } from '../task-records/sub-indicator-removed';
import { announceReassignments, SERVICE_ACTOR } from '../task-records/task-reassignment-event';
import type { TaskFacts } from '../task-records/task-subject';

const ACTIVE = ACTIVE_TASK_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * A published revision that drops a sub-indicator takes its unfinished tasks out of the queue: a
 * verdict on them is checked against the newest revision, which no longer has a rubric for them,
 * so they could be neither decided (404) nor would they ever count. Scoring refuses a revision
 * that drops an approved decision in force; a task waiting for the Pemda's revision is unfinished
 * and is cancelled, a decided one (approved or rejected) is left as it is. The tasks are cancelled
 * with the revision in their history (and `cancel_reason`); their files stay recorded. A later
 * revision that has the code again puts the newest such task of each item back in the queue.
 */
@Injectable()
export class RemovedSubIndicators implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemovedSubIndicators.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Each year's newest stored revision at every start of a replica (and of a tool's context): the
   * consumer group had read the revisions published before this sweep existed, so tasks stuck on a
   * dropped code would otherwise wait for the year's next revision. Idempotent; the year lock
   * serialises replicas; one year failing leaves the others swept.
   */
  async onApplicationBootstrap(): Promise<void> {
    let newest: { document: Framework }[];
    try {
      newest = await this.dataSource.query(
        `SELECT DISTINCT ON (year) document FROM ${sqlTable(this.dataSource.manager, 'framework')} ORDER BY year, revision DESC`,
      );
    } catch (error) {
      // The next publication sweeps its year all the same; a service must not fail to start for this.
      this.logger.warn(`The start-up sweep of dropped sub-indicators could not read the frameworks: ${String(error)}`);
      return;
    }
    for (const { document } of newest) {
      try {
        await this.dataSource.transaction((manager) => this.applyStored(document, manager));
      } catch (error) {
        this.logger.warn(`The start-up sweep of framework ${document.year} failed: ${String(error)}`);
      }
    }
  }

  async onPublished(event: FrameworkPublishedV1, manager: EntityManager): Promise<void> {
    // Stored here too, so an intake waiting on the year lock finds the revision whichever of this
    // service's two consumers of the topic runs first (the other finds it already stored). Storing
    // validates it: an invalid document is dead-lettered here.
    if ((await storeFrameworkRevision(manager, schemaOf(manager), event.framework)) === 'stored') await announceReferenceDataChange(manager);
    await this.applyStored(event.framework as unknown as Framework, manager);
  }

  private async applyStored(framework: Framework, manager: EntityManager): Promise<void> {
    // Exclusive against the intake (shared), until commit: an upload read before this commits
    // cannot open a task on a dropped code after the sweep below.
    await lockYearExclusive(manager, framework.year);
    const [{ newest }]: { newest: number }[] = await manager.query(
      `SELECT max(revision) AS newest FROM ${sqlTable(manager, 'framework')} WHERE year = $1`,
      [framework.year],
    );
    // A replayed older revision must not cancel work a newer one keeps; the newer one swept already.
    if (newest > framework.revision) return;
    // A closed year's tasks are final (its closing moved them to year_closed): a publication that
    // reaches this service after the closing (the two topics are not ordered) must not reopen any.
    const [closed]: unknown[] = await manager.query(`SELECT 1 FROM ${sqlTable(manager, 'closed_year')} WHERE year = $1`, [framework.year]);
    if (closed) return;
    const now = this.clock.now();
    const index = indexFramework(framework);
    const codes = [...index.subIndicators.keys()];
    const cancelled = await this.cancelDropped(manager, framework, codes, now);
    // Each is announced, so that whoever held it and the Pemda that uploaded for it are told it is
    // gone (notification, from the reassignment event), not left to find a verdict refused or the
    // item missing from the checklist (#197, #199).
    await announceReassignments(
      this.outbox,
      manager,
      cancelled.map(({ holder, ...task }) => ({
        task,
        change: { fromVerifier: holder, toVerifier: null, leaseExpiresAt: null, reassignedBy: SERVICE_ACTOR, at: now, reason: 'sub_indicator_removed', frameworkRevision: framework.revision },
      })),
    );
    const reinstated = await this.reinstateRestored(manager, framework, now);
    // One whose last decision asked the Pemda for a revision, with no file since, waits for it again
    // rather than going back to a verifier (#151).
    for (const taskId of reinstated) await awaitRevisionAgainIfNothingNew(manager, taskId, now);
    if (cancelled.length > 0) {
      const dropped = [...new Set(cancelled.map((task) => task.subIndicatorCode))].sort();
      this.logger.log(`Framework ${framework.year} revision ${framework.revision} dropped ${dropped.join(', ')}: ${cancelled.length} unfinished task(s) cancelled`);
    }
    if (reinstated.length > 0) {
      this.logger.log(`Framework ${framework.year} revision ${framework.revision} has codes back: ${reinstated.length} task(s) back in the queue`);
    }
  }

  private async cancelDropped(manager: EntityManager, framework: Framework, codes: string[], now: Date): Promise<(TaskFacts & { holder: string | null })[]> {
    // The holder is read before the update clears it, for the history line and, while their lease
    // runs, to tell them (one whose lease lapsed no longer sees the task on their desk).
    const cancelled: (TaskFacts & { holder: string | null })[] = await manager.query(
      `WITH dropped AS (
         SELECT id, claimed_by, lease_expires_at FROM ${sqlTable(manager, 'task')}
          WHERE year = $1 AND status IN (${ACTIVE}) AND NOT (sub_indicator_code = ANY($2::text[]))
            FOR UPDATE
       ), cancelled AS (
         UPDATE ${sqlTable(manager, 'task')} task
            SET status = 'cancelled', cancel_reason = 'sub_indicator_removed', claimed_by = NULL, claimed_at = NULL,
                lease_expires_at = NULL, evidence_changed_at = $3, updated_at = $3
           FROM dropped WHERE task.id = dropped.id
         RETURNING task.id, task.pemda_code, task.province_code, task.wilayah, task.year, task.sub_indicator_code, dropped.claimed_by,
                   dropped.lease_expires_at
       ), history AS (
         INSERT INTO ${sqlTable(manager, 'task_history')} (task_id, at, kind, actor, detail)
         SELECT id, $3, 'cancelled', NULL, jsonb_strip_nulls($4::jsonb || jsonb_build_object('holder', claimed_by)) FROM cancelled
       )
       SELECT id, pemda_code AS "pemdaCode", province_code AS "provinceCode", wilayah, year, sub_indicator_code AS "subIndicatorCode",
              CASE WHEN lease_expires_at > $3 THEN claimed_by END AS holder
         FROM cancelled`,
      [framework.year, codes, now, JSON.stringify(subIndicatorRemovedDetail(framework.revision))],
    );
    if (cancelled.length > 0) {
      // A question stopping a cancelled task's clock stops it no more, as on a closed year (#66).
      await manager.query(`UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $2 WHERE resumed_at IS NULL AND task_id = ANY($1::uuid[])`, [
        cancelled.map((task) => task.id),
        now,
      ]);
    }
    return cancelled;
  }

  /**
   * The newest removal-cancelled task of each item whose code the revision has again, when the item
   * has no active task and the task still holds a file not withdrawn: back to the queue, placed by
   * this revision (a row lost from a workbook and put back must not lose the Pemda's files).
   */
  private async reinstateRestored(manager: EntityManager, framework: Framework, now: Date): Promise<string[]> {
    const located = [...indexFramework(framework).subIndicators.entries()];
    const task = sqlTable(manager, 'task');
    const rows: { id: string }[] = await manager.query(
      `WITH restored(code, weight) AS (SELECT * FROM unnest($2::text[], $3::numeric[])),
       reinstated AS (
         UPDATE ${task} task
            SET status = 'open', cancel_reason = NULL, deadline = $4, weight_in_total = restored.weight,
                waiting_since = $5, evidence_changed_at = $5, updated_at = $5,
                -- The wilayah as the mapping says now: a re-seed while it was cancelled did not move it.
                wilayah = coalesce((SELECT pemda.wilayah FROM ${sqlTable(manager, 'pemda')} pemda WHERE pemda.code = task.pemda_code), task.wilayah)
           FROM restored
          WHERE task.year = $1 AND task.status = 'cancelled' AND task.cancel_reason = 'sub_indicator_removed'
            AND task.sub_indicator_code = restored.code
            AND task.id = (SELECT newest.id FROM ${task} newest
                            WHERE newest.pemda_code = task.pemda_code AND newest.year = task.year
                              AND newest.sub_indicator_code = task.sub_indicator_code AND newest.cancel_reason = 'sub_indicator_removed'
                            ORDER BY newest.created_at DESC, newest.id DESC LIMIT 1)
            AND NOT EXISTS (SELECT 1 FROM ${task} active
                             WHERE active.pemda_code = task.pemda_code AND active.year = task.year
                               AND active.sub_indicator_code = task.sub_indicator_code AND active.status IN (${ACTIVE}))
            -- Nor beside later work on the item (a task an upload opened meanwhile, since decided).
            AND NOT EXISTS (SELECT 1 FROM ${task} later
                             WHERE later.pemda_code = task.pemda_code AND later.year = task.year
                               AND later.sub_indicator_code = task.sub_indicator_code AND later.created_at > task.created_at
                               AND later.status <> 'cancelled')
            AND EXISTS (SELECT 1 FROM ${sqlTable(manager, 'task_evidence')} file
                         WHERE file.task_id = task.id AND file.withdrawn_at IS NULL
                           AND NOT EXISTS (SELECT 1 FROM ${sqlTable(manager, 'evidence_withdrawal')} withdrawal WHERE withdrawal.evidence_id = file.evidence_id))
         RETURNING task.id
       ), history AS (
         INSERT INTO ${sqlTable(manager, 'task_history')} (task_id, at, kind, actor, detail)
         SELECT id, $5, 'reinstated', NULL, jsonb_build_object('revision', $6::int) FROM reinstated
       )
       SELECT id FROM reinstated`,
      [
        framework.year,
        located.map(([code]) => code),
        located.map(([, where]) => subIndicatorWeightInTotal(where).toString()),
        new Date(framework.uploadDeadline),
        now,
        framework.revision,
      ],
    );
    return rows.map((row) => row.id);
  }
}
