import schema from '../../schemas/mcp.clarification.message-posted.v1.schema.json';
import { defineContract } from '../event-contract';
import type { ClarificationMessagePostedV1 } from '../generated/mcp.clarification.message-posted.v1';
import { Topics } from '../topics';

export type { ClarificationMessagePostedV1 };

/**
 * One message on a task's clarification thread (issue 15). Verification owns the thread; the event
 * only says that the other side has something to read, so the text stays out of Kafka.
 */
export const ClarificationMessagePosted = defineContract<ClarificationMessagePostedV1>(
  Topics.clarificationMessagePosted,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.taskId}/${data.messageId}`,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'verification',
    consumers: ['notification'],
    confidential: true,
    note:
      'Names the verifier: tell the Pemda\'s staff of a verifier\'s message as "Verifikator KPK", never by name, and ' +
      'the verifier (`verifier`) of a Pemda\'s message; not offered to webhooks.',
  },
);
