import schema from '../../schemas/mcp.evidence.submitted.v1.schema.json';
import { defineContract } from '../event-contract';
import type { EvidenceSubmittedV1 } from '../generated/mcp.evidence.submitted.v1';
import { Topics } from '../topics';

export type { EvidenceSubmittedV1 };

export const EvidenceSubmitted = defineContract<EvidenceSubmittedV1>(
  Topics.evidenceSubmitted,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}/${data.subIndicatorCode}`,
  { key: 'pemdaCode (per-Pemda order)', compacted: false, producer: 'submissions', consumers: ['verification', 'reporting', 'portal'] },
);
