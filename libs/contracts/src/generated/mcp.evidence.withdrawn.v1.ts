/**
 * Generated from libs/contracts/schemas/mcp.evidence.withdrawn.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A Pemda withdrew evidence that no verifier had claimed yet
 *
 * The evidence leaves the verification queue.
 */
export interface EvidenceWithdrawnV1 {
  evidenceId: string;
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  provinceCode: string;
  year: number;
  subIndicatorCode: string;
  reason: string | null;
  withdrawnBy: string;
  withdrawnAt: string;
}
