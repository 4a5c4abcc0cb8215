import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { ResumableUploads } from '../evidence/resumable-uploads';
import { EvidenceStorage } from '../storage/evidence-storage';
import { OrphanSweeper } from './orphan-sweeper';

export interface SweepSchedule {
  intervalMinutes: number;
  graceMinutes: number;
}
export const SWEEP_SCHEDULE = Symbol('SWEEP_SCHEDULE');

/** Runs the orphan sweep (and removes expired resumable uploads) every interval; with several replicas, an advisory lock lets one at a time. */
@Injectable()
export class PeriodicSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicSweep.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: EvidenceStorage,
    private readonly clock: Clock,
    private readonly resumable: ResumableUploads,
    @Inject(SWEEP_SCHEDULE) private readonly schedule: SweepSchedule,
  ) {}

  onApplicationBootstrap(): void {
    if (this.schedule.intervalMinutes === 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.schedule.intervalMinutes * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async runOnce(): Promise<void> {
    // A session lock on a connection of its own, not a transaction: the sweep lists storage and
    // works on other connections for as long as the bucket takes, and a transaction idle that long
    // would be ended by Postgres (#195, #198).
    const runner = this.dataSource.createQueryRunner() as ReleasableWithError;
    let unlockFailure: Error | undefined;
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext('submissions:orphan-sweep')) AS locked`);
      if (!locked) return;
      try {
        await this.sweep();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('submissions:orphan-sweep'))`).catch((error: Error) => (unlockFailure = error));
      }
    } catch (error) {
      this.logger.error(`Orphan sweep failed: ${String(error)}`);
    } finally {
      // A connection whose unlock failed is closed, not pooled, so that the lock goes with it.
      await runner.releasePostgresConnection(unlockFailure);
    }
  }

  private async sweep(): Promise<void> {
    const result = await new OrphanSweeper(this.dataSource, this.storage, this.schedule.graceMinutes).sweep(this.clock.now());
    if (result.removedObjects.length + result.removedIncompleteWrites > 0) {
      this.logger.warn(`Orphan sweep removed ${result.removedObjects.length} object(s) and ${result.removedIncompleteWrites} unfinished upload(s)`);
    }
    const expired = await this.resumable.removeExpired();
    if (expired > 0) this.logger.log(`Removed ${expired} resumable upload(s) abandoned past RESUMABLE_EXPIRY_MINUTES`);
    if (result.unaccountedObjects.length > 0) {
      this.logger.warn(
        `Orphan sweep kept ${result.unaccountedObjects.length} object(s) that no evidence row and no pending upload account for ` +
          `(after a database restore?); first: ${result.unaccountedObjects.slice(0, 5).join(', ')}`,
      );
    }
  }
}

/**
 * TypeORM's Postgres runner can hand its connection back with an error, which makes the pool close
 * it; the method is public in JavaScript but not in TypeORM's types.
 */
type ReleasableWithError = QueryRunner & { releasePostgresConnection(error?: Error): Promise<void> };
