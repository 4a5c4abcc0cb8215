import { ReferenceDataModule } from '@mcp/reference-data';
import { VerifierWilayahModule } from '@mcp/verifier-wilayah';
import { Module, type DynamicModule } from '@nestjs/common';
import { ClarificationAttachmentsModule } from './clarification-attachments/clarification-attachments.module';
import { Clock, SystemClock } from './deadlines/clock';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { EvidenceModule } from './evidence/evidence.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MalwareScanModule } from './malware-scan/malware-scan.module';
import { StorageModule } from './storage/storage.module';
import { SubmissionItemsModule } from './submission-items/submission-items.module';
import { SubmissionRecordsModule } from './submission-records/submission-records.module';
import { OperatorAssignmentsModule } from './operator-assignments/operator-assignments.module';
import { PrechecksModule } from './prechecks/prechecks.module';
import { SweeperModule } from './sweeper/sweeper.module';
import { UploadModule } from './upload/upload.module';
import type { SubmissionsConfig } from './submissions-config';
import { YearsModule } from './years/years.module';

@Module({})
export class AppModule {
  /** `clock` is replaced only by tests that need to be on either side of a deadline. */
  static register(config: SubmissionsConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ReferenceDataModule.forService(),
        StorageModule.register(config),
        MalwareScanModule.register(config),
        UploadModule.register(config),
        DeadlinesModule.register(config, clock),
        YearsModule,
        IdempotencyModule,
        VerifierWilayahModule,
        SubmissionRecordsModule,
        OperatorAssignmentsModule,
        EvidenceModule,
        SubmissionItemsModule,
        ClarificationAttachmentsModule,
        SweeperModule.register(config),
        PrechecksModule.register(config),
      ],
    };
  }
}
