import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { SubmissionRecordsModule } from '../submission-records/submission-records.module';
import { VerifierWilayahModule } from '../verifier-wilayah/verifier-wilayah.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceReader } from './evidence-reader';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceUploads } from './evidence-uploads';
import { EvidenceWithdrawals } from './evidence-withdrawals';
import { UploadMetrics } from './upload-metrics';
import { UploadTargets } from './upload-targets';

@Module({
  imports: [IdempotencyModule, SubmissionRecordsModule, VerifierWilayahModule],
  controllers: [EvidenceController],
  providers: [EvidenceRepository, UploadTargets, EvidenceUploads, EvidenceReader, EvidenceWithdrawals, UploadMetrics],
  exports: [EvidenceRepository],
})
export class EvidenceModule {}
