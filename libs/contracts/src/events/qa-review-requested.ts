import schema from '../../schemas/mcp.qa.review.requested.v1.schema.json';
import { defineContract } from '../event-contract';
import type { QaReviewRequestedV1 } from '../generated/mcp.qa.review.requested.v1';
import { Topics } from '../topics';

export type { QaReviewRequestedV1 };

/**
 * Which decisions are sampled must stay hidden from the verifier who took them (issue 12: QA
 * cannot be dodged), so this event is for QA's eyes: notification tells QA reviewers of the
 * wilayah only and never the decider, and it is not offered to webhooks.
 */
export const QaReviewRequested = defineContract<QaReviewRequestedV1>(
  Topics.qaReviewRequested,
  schema,
  (data) => data.pemdaCode,
  (data) => data.reviewId,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'verification',
    consumers: ['notification'],
    confidential: true,
    note:
      'Confidential to QA: route only to QA reviewers of `wilayah`, never to `decidedBy` or anyone else, ' +
      'never to webhooks or public read models; a decider who learns of the sample could dodge it.',
  },
);
