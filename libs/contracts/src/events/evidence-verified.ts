import schema from '../../schemas/mcp.evidence.verified.v1.schema.json';
import { defineContract } from '../event-contract';
import { Topics } from '../topics';

export type VerificationOutcome = 'approved' | 'rejected' | 'revision_requested';

export interface EvidenceVerifiedV1 {
  decisionId: string;
  taskId: string;
  /** Grows with every decision on the same Pemda × year × sub-indicator; the highest is in force. */
  sequence: number;
  pemdaCode: string;
  provinceCode: string;
  year: number;
  subIndicatorCode: string;
  outcome: VerificationOutcome;
  /** `nilai_verifikasi`: set when approved; null otherwise, which scores as 0. */
  verifiedValue: number | null;
  claimedValue: number | null;
  reason: string | null;
  evidenceIds: string[];
  decidedBy: string;
  decidedAt: string;
}

export const EvidenceVerified = defineContract<EvidenceVerifiedV1>(
  Topics.evidenceVerified,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}/${data.subIndicatorCode}`,
);
