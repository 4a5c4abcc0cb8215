import { VerifierWilayahModule } from '@mcp/verifier-wilayah';
import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OperatorAssignmentsModule } from '../operator-assignments/operator-assignments.module';
import { SubmissionRecordsModule } from '../submission-records/submission-records.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceReader } from './evidence-reader';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceUploads } from './evidence-uploads';
import { EvidenceScans } from './evidence-scans';
import { EvidenceStoredSignal } from './evidence-stored-signal';
import { EvidenceWithdrawals } from './evidence-withdrawals';
import { QuarantinedUploadRepository } from './quarantined-upload.repository';
import { ResumableUploads } from './resumable-uploads';
import { ResumableUploadsController } from './resumable-uploads.controller';
import { StorageQuota } from './storage-quota';
import { UploadMetrics } from './upload-metrics';
import { UploadTargets } from './upload-targets';

@Module({
  imports: [IdempotencyModule, OperatorAssignmentsModule, SubmissionRecordsModule, VerifierWilayahModule],
  controllers: [EvidenceController, ResumableUploadsController],
  providers: [
    EvidenceRepository,
    UploadTargets,
    EvidenceUploads,
    EvidenceReader,
    EvidenceWithdrawals,
    UploadMetrics,
    EvidenceScans,
    StorageQuota,
    QuarantinedUploadRepository,
    ResumableUploads,
    EvidenceStoredSignal,
  ],
  exports: [EvidenceRepository, EvidenceReader, EvidenceScans, StorageQuota, ResumableUploads, EvidenceStoredSignal],
})
export class EvidenceModule {}
