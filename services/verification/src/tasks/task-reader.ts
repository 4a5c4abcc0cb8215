import type { AuthPrincipal } from '@mcp/auth';
import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Decision } from '../decisions/decision.entity';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue-settings/queue-settings';
import { VerifierScopes } from '../routing/verifier-scopes';
import { readTaskHistory } from '../task-records/task-history.repository';
import { findTask, hydrate } from '../task-records/task-lookup';
import type { Task } from '../task-records/task.entity';
import { TaskEvidence } from '../task-records/task-evidence.entity';
import { toTaskHistoryEntryView, type TaskHistoryEntryView } from './task-history.view';
import { toTaskView, type TaskView } from './task.view';

/** Tasks as a verifier, QA reviewer or admin sees them: evidence with download links, decisions. */
@Injectable()
export class TaskReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: VerifierScopes,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueSettings,
  ) {}

  async view(principal: AuthPrincipal, taskId: string): Promise<TaskView> {
    const task = await findTask(this.dataSource.manager, taskId);
    await this.scopes.assertActsFor(principal, task.wilayah);
    return this.viewOf(task);
  }

  async history(principal: AuthPrincipal, taskId: string): Promise<TaskHistoryEntryView[]> {
    const task = await findTask(this.dataSource.manager, taskId);
    await this.scopes.assertActsFor(principal, task.wilayah);
    return (await readTaskHistory(this.dataSource.manager, taskId)).map(toTaskHistoryEntryView);
  }

  /**
   * The view of a task the caller was already allowed to touch (e.g. just claimed it). Outside a
   * transaction the three reads go out together on the pool: claim-next latency is mostly round trips.
   */
  async viewById(taskId: string, manager?: EntityManager): Promise<TaskView> {
    if (manager) return this.viewOf(await findTask(manager, taskId), manager);
    const pool = this.dataSource.manager;
    const [task, evidence, decisions] = await Promise.all([findTask(pool, taskId), evidenceOf(pool, taskId), decisionsOf(pool, taskId)]);
    return this.present(task, evidence, decisions);
  }

  /**
   * The view of a task the caller just claimed, from the row and evidence the claim returned: only
   * its decisions are read, when the claim saw it has some.
   */
  async viewOfClaimed(task: Task, evidence: TaskEvidence[], hasDecisions: boolean): Promise<TaskView> {
    return this.present(task, evidence, hasDecisions ? await decisionsOf(this.dataSource.manager, task.id) : []);
  }

  private async viewOf(task: Task, manager: EntityManager = this.dataSource.manager): Promise<TaskView> {
    return this.present(task, await evidenceOf(manager, task.id), await decisionsOf(manager, task.id));
  }

  private present(task: Task, evidence: TaskEvidence[], decisions: Decision[]): TaskView {
    return toTaskView(task, evidence, decisions, { now: this.clock.now(), submissionsPublicUrl: this.settings.submissionsPublicUrl });
  }
}

async function evidenceOf(manager: EntityManager, taskId: string): Promise<TaskEvidence[]> {
  // Every claim and task read runs this: prepared, it is parsed and planned once per connection.
  const rows: Record<string, unknown>[] = await manager.query(
    prepared(`SELECT * FROM ${sqlTable(manager, 'task_evidence')} WHERE task_id = $1 ORDER BY submitted_at, evidence_id`),
    [taskId],
  );
  return rows.map((row) => hydrate(manager.connection, TaskEvidence, row));
}

function decisionsOf(manager: EntityManager, taskId: string): Promise<Decision[]> {
  return manager.find(Decision, { where: { taskId }, order: { sequence: 'ASC' } });
}
