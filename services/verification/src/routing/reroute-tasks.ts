import { OutboxWriter } from '@mcp/messaging';
import { schemaOf, sqlTable } from '@mcp/service-runtime';
import type { DataSource } from 'typeorm';
import { announceReassignments, SERVICE_ACTOR } from '../task-records/task-reassignment-event';
import type { TaskFacts } from '../task-records/task-subject';

/**
 * After the wilayah mapping is edited and re-seeded, unfinished tasks follow their Pemda's new
 * wilayah; a claim on a moved task is returned to the queue, since its holder works elsewhere.
 * Decided tasks keep the wilayah they were decided in (history and manager views stay true).
 *
 * A holder whose lease still ran is told (`mcp.task.reassigned.v1`, reason `wilayah_remapped`, in
 * the same transaction): the task left their desk without anyone acting in the platform, and a
 * verdict they send is refused as not theirs. One whose lease had lapsed no longer sees the task,
 * as for a cancelled one (#197); the history names the holder either way.
 */
export async function rerouteTasksToMapping(dataSource: DataSource, now: Date): Promise<number> {
  const taskTable = sqlTable(dataSource, 'task');
  const outbox = new OutboxWriter(schemaOf(dataSource), '/mcp/verification');
  return dataSource.transaction(async (manager) => {
    const moved: (TaskFacts & { holder: string | null })[] = await manager.query(
      `WITH stale AS (
         SELECT task.id, task.wilayah AS old_wilayah, pemda.wilayah AS new_wilayah, task.claimed_by, task.lease_expires_at
           FROM ${taskTable} task JOIN ${sqlTable(dataSource, 'pemda')} pemda ON pemda.code = task.pemda_code
          WHERE task.wilayah <> pemda.wilayah AND task.status IN ('open', 'claimed', 'revision_requested')
            FOR UPDATE OF task
       ), moved AS (
         UPDATE ${taskTable} task
            SET wilayah = stale.new_wilayah, updated_at = $1,
                status = CASE WHEN task.status = 'claimed' THEN 'open' ELSE task.status END,
                claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL
           FROM stale WHERE task.id = stale.id
         RETURNING task.id, task.pemda_code, task.province_code, task.wilayah, task.year, task.sub_indicator_code,
                   stale.old_wilayah, stale.claimed_by, stale.lease_expires_at
       ), history AS (
         INSERT INTO ${sqlTable(dataSource, 'task_history')} (task_id, at, kind, detail)
         SELECT id, $1, 'rerouted', jsonb_strip_nulls(jsonb_build_object('from', old_wilayah, 'to', wilayah, 'holder', claimed_by)) FROM moved
       )
       SELECT id, pemda_code AS "pemdaCode", province_code AS "provinceCode", wilayah, year, sub_indicator_code AS "subIndicatorCode",
              CASE WHEN lease_expires_at > $1 THEN claimed_by END AS holder
         FROM moved`,
      [now],
    );
    await announceReassignments(
      outbox,
      manager,
      moved
        .filter((task) => task.holder !== null)
        .map(({ holder, ...task }) => ({
          task,
          change: { fromVerifier: holder, toVerifier: null, leaseExpiresAt: null, reassignedBy: SERVICE_ACTOR, at: now, reason: 'wilayah_remapped' as const },
        })),
    );
    return moved.length;
  });
}
