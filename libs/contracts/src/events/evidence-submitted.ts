import schema from '../../schemas/mcp.evidence.submitted.v1.schema.json';
import { defineContract } from '../event-contract';
import { Topics } from '../topics';

export interface EvidenceSubmittedV1 {
  evidenceId: string;
  pemdaCode: string;
  provinceCode: string;
  year: number;
  subIndicatorCode: string;
  /** The Pemda's own claim (`nilai`); null when the operator gave none. */
  claimedValue: number | null;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  fileName: string;
  submittedBy: string;
  submittedAt: string;
}

export const EvidenceSubmitted = defineContract<EvidenceSubmittedV1>(
  Topics.evidenceSubmitted,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}/${data.subIndicatorCode}`,
);
