/**
 * Generated from libs/contracts/schemas/mcp.evidence.submitted.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * Evidence submitted by a Pemda for a sub-indicator
 */
export interface EvidenceSubmittedV1 {
  evidenceId: string;
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  provinceCode: string;
  year: number;
  subIndicatorCode: string;
  /**
   * The Pemda's own claim (nilai); null when not given
   */
  claimedValue: number | null;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  /**
   * Sanitised original name, metadata only
   */
  fileName: string;
  submittedBy: string;
  /**
   * Who set the claim in force (claimedValue), when known; absent in events written before it existed (docs/decisions.md #46)
   */
  claimSetBy?: string;
  submittedAt: string;
}
