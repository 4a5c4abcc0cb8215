import { ApiProperty } from '@nestjs/swagger';
import type { ClarificationAttachment } from './clarification-attachment.repository';

export class ClarificationAttachmentView {
  @ApiProperty({ description: 'Give it as attachmentId to POST /v1/tasks/{id}/clarifications on verification' }) id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ description: 'Detected from the content' }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedBy: string;
  @ApiProperty() uploadedAt: string;
}

export function toAttachmentView(attachment: ClarificationAttachment): ClarificationAttachmentView {
  return {
    id: attachment.id,
    pemdaCode: attachment.pemdaCode,
    year: attachment.year,
    subIndicatorCode: attachment.subIndicatorCode,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    sizeBytes: attachment.sizeBytes,
    sha256: attachment.sha256,
    uploadedBy: attachment.uploadedBy,
    uploadedAt: attachment.uploadedAt.toISOString(),
  };
}
