import schema from '../../schemas/mcp.evidence.quarantined.v1.schema.json';
import { defineContract } from '../event-contract';
import type { EvidenceQuarantinedV1 } from '../generated/mcp.evidence.quarantined.v1';
import { Topics } from '../topics';

export type { EvidenceQuarantinedV1 };

export const EvidenceQuarantined = defineContract<EvidenceQuarantinedV1>(
  Topics.evidenceQuarantined,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}/${data.subIndicatorCode}`,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'submissions',
    note: 'No evidence version exists for a quarantined upload: verification never sees it.',
  },
);
