import schema from '../../schemas/mcp.evidence.verified.v1.schema.json';
import { defineContract } from '../event-contract';
import type { EvidenceVerifiedV1 } from '../generated/mcp.evidence.verified.v1';
import { Topics } from '../topics';

import type { DecisionOutcome } from '@mcp/mcp-domain';

export type { EvidenceVerifiedV1 };

/** The contract's name for the domain's decision outcome. */
export type VerificationOutcome = DecisionOutcome;

export const EvidenceVerified = defineContract<EvidenceVerifiedV1>(
  Topics.evidenceVerified,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}/${data.subIndicatorCode}`,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'verification',
    consumers: ['submissions', 'scoring', 'notification', 'reporting', 'portal'],
    note: 'The highest `sequence` per Pemda × year × sub-indicator is in force, unless `mcp.decision.refused.v1` names its `decisionId` (a decision on a closed year): then the one before it stays in force.',
  },
);
