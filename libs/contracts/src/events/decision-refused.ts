import schema from '../../schemas/mcp.decision.refused.v1.schema.json';
import { defineContract } from '../event-contract';
import type { DecisionRefusedV1 } from '../generated/mcp.decision.refused.v1';
import { Topics } from '../topics';

export type { DecisionRefusedV1 };

/**
 * Scoring's business answer to a decision it will not count (docs/decisions.md #74): verification,
 * submissions and reporting's evidence trail (#120) show the same truth instead of a dead letter
 * only operators see. Keyed like
 * mcp.evidence.verified.v1, so a Pemda's refusals stay in order.
 */
export const DecisionRefused = defineContract<DecisionRefusedV1>(
  Topics.decisionRefused,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}/${data.subIndicatorCode}`,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'scoring',
    consumers: ['verification', 'submissions', 'reporting'],
    note: 'The refused decision (`decisionId`, `refusedEventId`) counts in no score; scoring changed nothing else.',
  },
);
