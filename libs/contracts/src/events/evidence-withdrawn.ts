import schema from '../../schemas/mcp.evidence.withdrawn.v1.schema.json';
import { defineContract } from '../event-contract';
import type { EvidenceWithdrawnV1 } from '../generated/mcp.evidence.withdrawn.v1';
import { Topics } from '../topics';

export type { EvidenceWithdrawnV1 };

export const EvidenceWithdrawn = defineContract<EvidenceWithdrawnV1>(
  Topics.evidenceWithdrawn,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}/${data.subIndicatorCode}`,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'submissions',
    consumers: ['verification', 'reporting'],
    note: 'Evidence taken back before a verifier claimed its task.',
  },
);
