import { sqlTable } from '@mcp/service-runtime';
import type { DataSource } from 'typeorm';

/**
 * After the wilayah mapping is edited and re-seeded, unfinished tasks follow their Pemda's new
 * wilayah; a claim on a moved task is returned to the queue, since its holder works elsewhere.
 * Decided tasks keep the wilayah they were decided in (history and manager views stay true).
 */
export async function rerouteTasksToMapping(dataSource: DataSource, now: Date): Promise<number> {
  const taskTable = sqlTable(dataSource, 'task');
  const moved: unknown[] = await dataSource.query(
    `WITH stale AS (
       SELECT task.id, task.wilayah AS old_wilayah, pemda.wilayah AS new_wilayah
         FROM ${taskTable} task JOIN ${sqlTable(dataSource, 'pemda')} pemda ON pemda.code = task.pemda_code
        WHERE task.wilayah <> pemda.wilayah AND task.status IN ('open', 'claimed', 'revision_requested')
          FOR UPDATE OF task
     ), moved AS (
       UPDATE ${taskTable} task
          SET wilayah = stale.new_wilayah, updated_at = $1,
              status = CASE WHEN task.status = 'claimed' THEN 'open' ELSE task.status END,
              claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL
         FROM stale WHERE task.id = stale.id
       RETURNING task.id, stale.old_wilayah, stale.new_wilayah)
     INSERT INTO ${sqlTable(dataSource, 'task_history')} (task_id, at, kind, detail)
     SELECT id, $1, 'rerouted', jsonb_build_object('from', old_wilayah, 'to', new_wilayah) FROM moved
     RETURNING task_id`,
    [now],
  );
  return moved.length;
}
