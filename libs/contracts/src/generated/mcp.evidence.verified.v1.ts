/**
 * Generated from libs/contracts/schemas/mcp.evidence.verified.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A verifier's decision on the evidence of one Pemda x year x sub-indicator
 */
export type EvidenceVerifiedV1 = {
  decisionId: string;
  taskId: string;
  /**
   * Increases with every decision on the same Pemda x year x sub-indicator; the highest one is in force
   */
  sequence: number;
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  provinceCode: string;
  year: number;
  subIndicatorCode: string;
  outcome: 'approved' | 'rejected' | 'revision_requested';
  /**
   * nilai_verifikasi; set when approved, null otherwise (counts as 0)
   */
  verifiedValue: number | null;
  claimedValue: number | null;
  reason: string | null;
  /**
   * @minItems 1
   */
  evidenceIds: string[];
  decidedBy: string;
  decidedAt: string;
};
