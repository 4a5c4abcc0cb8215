import { VerifierWilayahModule } from '@mcp/verifier-wilayah';
import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OperatorAssignmentsModule } from '../operator-assignments/operator-assignments.module';
import { ClarificationAttachments } from './clarification-attachments';
import { ClarificationAttachmentsController } from './clarification-attachments.controller';

@Module({
  imports: [EvidenceModule, IdempotencyModule, OperatorAssignmentsModule, VerifierWilayahModule],
  controllers: [ClarificationAttachmentsController],
  providers: [ClarificationAttachments],
})
export class ClarificationAttachmentsModule {}
