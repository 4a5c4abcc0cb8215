import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../deadlines/clock';
import { DeadlineExtension } from '../deadlines/deadline-extension.entity';
import { DeadlinesController } from '../deadlines/deadlines.controller';
import { DEADLINE_OVERRIDES, parseDeadlineOverrides, UploadDeadlines } from '../deadlines/upload-deadlines';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { IdempotencyRecord } from '../idempotency/idempotency-record.entity';
import { createStorage } from '../storage/create-storage';
import { EvidenceStorage } from '../storage/evidence-storage';
import { ReferenceLookup } from '../submission-items/reference-lookup';
import { SubmissionClaims } from '../submission-items/submission-claims';
import { SubmissionDecisions } from '../submission-items/submission-decisions';
import { SubmissionHistory } from '../submission-items/submission-history.entity';
import { SubmissionItemsController } from '../submission-items/submission-items.controller';
import { SubmissionProgress } from '../submission-items/submission-progress';
import { Submission } from '../submission-items/submission.entity';
import type { SubmissionsConfig } from '../submissions-config';
import { PeriodicSweep, SWEEP_SCHEDULE } from '../sweeper/periodic-sweep';
import { UploadRequestTimeout, UPLOAD_REQUEST_TIMEOUT_MS } from '../upload/upload-request-timeout';
import { uploadPolicyOf } from '../upload/upload-policy';
import { EvidenceController } from './evidence.controller';
import { Evidence } from './evidence.entity';
import { EvidenceService } from './evidence.service';
import { EvidenceUploads, UPLOAD_POLICY } from './evidence-uploads';
import { UploadTargets } from './upload-targets';

/** Checks the storage (folder or bucket) before the service takes its first upload. */
class StoragePreparation implements OnApplicationBootstrap {
  constructor(private readonly storage: EvidenceStorage) {}

  onApplicationBootstrap(): Promise<void> {
    return this.storage.prepare();
  }
}

@Module({})
export class EvidenceModule {
  static register(config: SubmissionsConfig, clock: Clock): DynamicModule {
    if (config.ORPHAN_GRACE_MINUTES <= config.UPLOAD_REQUEST_TIMEOUT_MINUTES) {
      throw new Error('ORPHAN_GRACE_MINUTES must exceed UPLOAD_REQUEST_TIMEOUT_MINUTES, or the sweeper could take an upload in progress');
    }
    return {
      module: EvidenceModule,
      imports: [TypeOrmModule.forFeature([Evidence, Submission, SubmissionHistory, DeadlineExtension, IdempotencyRecord])],
      controllers: [EvidenceController, SubmissionItemsController, DeadlinesController],
      providers: [
        { provide: EvidenceStorage, useValue: createStorage(config) },
        { provide: Clock, useValue: clock },
        { provide: UPLOAD_POLICY, useValue: uploadPolicyOf(config) },
        { provide: DEADLINE_OVERRIDES, useValue: parseDeadlineOverrides(config.UPLOAD_DEADLINES) },
        { provide: UPLOAD_REQUEST_TIMEOUT_MS, useValue: config.UPLOAD_REQUEST_TIMEOUT_MINUTES * 60_000 },
        {
          provide: SWEEP_SCHEDULE,
          useValue: { intervalMinutes: config.ORPHAN_SWEEP_INTERVAL_MINUTES, graceMinutes: config.ORPHAN_GRACE_MINUTES },
        },
        { provide: StoragePreparation, inject: [EvidenceStorage], useFactory: (storage: EvidenceStorage) => new StoragePreparation(storage) },
        UploadRequestTimeout,
        ReferenceLookup,
        UploadDeadlines,
        UploadTargets,
        IdempotencyKeys,
        EvidenceUploads,
        EvidenceService,
        SubmissionDecisions,
        SubmissionClaims,
        SubmissionProgress,
        PeriodicSweep,
      ],
    };
  }
}
