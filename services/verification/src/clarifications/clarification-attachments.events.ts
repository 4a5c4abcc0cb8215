import { ClarificationAttachmentUploaded, type ClarificationAttachmentUploadedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { recordAttachmentItem } from './clarification-attachment-items';

@Injectable()
export class ClarificationAttachmentsEvents {
  /** Consumer `verification.clarification-attachments`: the inbox remembers what it applied under that name, so it never changes. */
  @HandleEvent(ClarificationAttachmentUploaded, { consumer: 'clarification-attachments' })
  onAttachmentUploaded(event: McpEvent<ClarificationAttachmentUploadedV1>, tx: EntityManager): Promise<void> {
    return recordAttachmentItem(tx, event.data);
  }
}
