import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
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
    try {
      await this.dataSource.transaction(async (manager) => {
        // The transaction only holds the lock while the sweep lists storage and works on other
        // connections, for as long as the bucket takes: it is idle by design (#195).
        await manager.query(`SET LOCAL idle_in_transaction_session_timeout = 0`);
        const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext('submissions:orphan-sweep')) AS locked`);
        if (!locked) return;
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
      });
    } catch (error) {
      this.logger.error(`Orphan sweep failed: ${String(error)}`);
    }
  }
}
