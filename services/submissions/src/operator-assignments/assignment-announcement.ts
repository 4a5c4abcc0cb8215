import { OperatorAssignmentsChanged, type OperatorAssignmentsChangedV1 } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { OperatorAssignmentRepository, type AssignmentHistoryEntry, type OperatorAssignment } from './operator-assignment.repository';

/**
 * How often a replica looks for a Pemda whose changes were not announced: only a replica of a
 * version before #137 makes such a change (during the rollout that introduces the event), so this
 * only bounds how long verification may lag behind one.
 */
const SWEEP_INTERVAL_MS = 5 * 60_000;

/** The Pemda's assignments as the event carries them: what the check needs, no names or history. */
export function assignmentsOf(all: readonly OperatorAssignment[]): OperatorAssignmentsChangedV1['operators'] {
  return all.map(({ operatorSubject, opdName, areaCodes, indicatorCodes, picAreaCodes }) => ({
    operatorSubject,
    opdName,
    areaCodes,
    indicatorCodes,
    picAreaCodes,
  }));
}

/**
 * Every change to a Pemda's OPD accounts is written to its history and announced, in one
 * transaction, with the Pemda's whole set as it now stands (docs/decisions.md #137): verification
 * checks a clarification message against it, as submissions checks an upload against its table.
 * The history entry's id is the revision: changes of one Pemda are serialised by its lock, so ids
 * rise in the order the changes commit. `operator_assignment_announced` keeps the revision last
 * announced per Pemda, so a sweep at start-up and every few minutes announces any Pemda whose
 * history has moved past it (those set up before the event existed, and changes an older replica
 * made during the rollout).
 */
@Injectable()
export class AssignmentAnnouncement implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AssignmentAnnouncement.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: OperatorAssignmentRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const sweep = () => {
      this.sweeping ??= this.announceUnannounced()
        .catch((error: unknown) => {
          this.logger.error(`Could not announce the OPD accounts of every Pemda; the next sweep tries again: ${String(error)}`);
          return 0;
        })
        .finally(() => (this.sweeping = undefined));
    };
    sweep();
    this.timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async recordAndAnnounce(manager: EntityManager, entry: Omit<AssignmentHistoryEntry, 'id'>): Promise<void> {
    const revision = await this.assignments.record(manager, entry);
    await this.announce(manager, entry.pemdaCode, revision, { change: entry.kind, changedBy: entry.actor, changedAt: entry.occurredAt });
  }

  /** Announces every Pemda whose history is past its last announcement; returns how many. */
  async announceUnannounced(): Promise<number> {
    const behind: { pemda_code: string }[] = await this.dataSource.query(
      `SELECT h.pemda_code FROM ${sqlTable(this.dataSource, 'operator_assignment_history')} h
         LEFT JOIN ${sqlTable(this.dataSource, 'operator_assignment_announced')} a ON a.pemda_code = h.pemda_code
        GROUP BY h.pemda_code, a.revision HAVING max(h.id) > coalesce(a.revision, 0)`,
    );
    let announced = 0;
    for (const { pemda_code: pemdaCode } of behind) {
      const done = await this.dataSource.transaction(async (manager) => {
        // Under the Pemda's lock no change is half-way: what is read here is a committed whole.
        await this.assignments.lockPemda(manager, pemdaCode);
        const [{ latest, last }]: { latest: string; last: string | null }[] = await manager.query(
          `SELECT (SELECT max(id) FROM ${sqlTable(manager, 'operator_assignment_history')} WHERE pemda_code = $1) AS latest,
                  (SELECT revision FROM ${sqlTable(manager, 'operator_assignment_announced')} WHERE pemda_code = $1) AS last`,
          [pemdaCode],
        );
        if (last !== null && Number(last) >= Number(latest)) return false;
        await this.announce(manager, pemdaCode, Number(latest), { change: 'announced', changedBy: 'submissions', changedAt: this.clock.now() });
        return true;
      });
      if (done) announced += 1;
    }
    if (announced > 0) this.logger.log(`Announced the OPD accounts of ${announced} Pemda not announced before`);
    return announced;
  }

  private async announce(
    manager: EntityManager,
    pemdaCode: string,
    revision: number,
    change: Pick<OperatorAssignmentsChangedV1, 'change' | 'changedBy'> & { changedAt: Date },
  ): Promise<void> {
    await this.outbox.enqueue(manager, OperatorAssignmentsChanged, {
      pemdaCode,
      revision,
      change: change.change,
      changedBy: change.changedBy,
      changedAt: change.changedAt.toISOString(),
      operators: assignmentsOf(await this.assignments.forPemda(manager, pemdaCode)),
    });
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'operator_assignment_announced')} AS a (pemda_code, revision) VALUES ($1, $2)
       ON CONFLICT (pemda_code) DO UPDATE SET revision = greatest(a.revision, EXCLUDED.revision)`,
      [pemdaCode, revision],
    );
  }
}
