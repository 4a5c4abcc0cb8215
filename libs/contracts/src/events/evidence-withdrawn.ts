import schema from '../../schemas/mcp.evidence.withdrawn.v1.schema.json';
import { defineContract } from '../event-contract';
import { Topics } from '../topics';

/** Evidence the Pemda took back before any verifier claimed its task; it leaves the queue. */
export interface EvidenceWithdrawnV1 {
  evidenceId: string;
  pemdaCode: string;
  provinceCode: string;
  year: number;
  subIndicatorCode: string;
  reason: string | null;
  withdrawnBy: string;
  withdrawnAt: string;
}

export const EvidenceWithdrawn = defineContract<EvidenceWithdrawnV1>(
  Topics.evidenceWithdrawn,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}/${data.subIndicatorCode}`,
);
