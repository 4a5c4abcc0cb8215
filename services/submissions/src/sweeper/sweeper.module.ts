import { Module, type DynamicModule } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import type { SubmissionsConfig } from '../submissions-config';
import { PeriodicSweep, SWEEP_SCHEDULE } from './periodic-sweep';

@Module({})
export class SweeperModule {
  static register(config: SubmissionsConfig): DynamicModule {
    if (config.ORPHAN_GRACE_MINUTES <= config.UPLOAD_REQUEST_TIMEOUT_MINUTES) {
      throw new Error('ORPHAN_GRACE_MINUTES must exceed UPLOAD_REQUEST_TIMEOUT_MINUTES, or the sweeper could take an upload in progress');
    }
    return {
      module: SweeperModule,
      // For ResumableUploads: abandoned resumable uploads are swept with the orphans.
      imports: [EvidenceModule],
      providers: [
        {
          provide: SWEEP_SCHEDULE,
          useValue: { intervalMinutes: config.ORPHAN_SWEEP_INTERVAL_MINUTES, graceMinutes: config.ORPHAN_GRACE_MINUTES },
        },
        PeriodicSweep,
      ],
    };
  }
}
