import schema from '../../schemas/mcp.clarification.attachment-uploaded.v1.schema.json';
import { defineContract } from '../event-contract';
import type { ClarificationAttachmentUploadedV1 } from '../generated/mcp.clarification.attachment-uploaded.v1';
import { Topics } from '../topics';

export type { ClarificationAttachmentUploadedV1 };

/**
 * Submissions stores a clarification message's file; verification owns the thread. The event tells
 * verification which item the file belongs to, so a message on another Pemda's or another item's
 * task cannot point at it (docs/decisions.md #146).
 */
export const ClarificationAttachmentUploaded = defineContract<ClarificationAttachmentUploadedV1>(
  Topics.clarificationAttachmentUploaded,
  schema,
  (data) => data.pemdaCode,
  (data) => data.attachmentId,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'submissions',
    consumers: ['verification'],
    confidential: true,
    note: 'Internal: which item a clarification attachment is about, for verification; not offered to webhooks.',
  },
);
