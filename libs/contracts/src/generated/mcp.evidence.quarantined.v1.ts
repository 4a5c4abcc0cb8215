/**
 * Generated from libs/contracts/schemas/mcp.evidence.quarantined.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * An uploaded file was found to carry malware and was not kept as evidence
 *
 * The malware scanner (ClamAV) matched the stored object before any verifier could download it: the upload was refused, the object deleted, and no evidence version exists for it. The Pemda is told so it can clean its copy and upload again.
 */
export interface EvidenceQuarantinedV1 {
  quarantineId: string;
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  provinceCode: string;
  year: number;
  subIndicatorCode: string;
  /**
   * The sender's file name made harmless, as evidence names are
   */
  fileName: string;
  sha256: string;
  sizeBytes: number;
  /**
   * What the scanner found, as it names it (e.g. Win.Test.EICAR_HDB-1)
   *
   * @minItems 1
   */
  signatures: string[];
  uploadedBy: string;
  detectedAt: string;
}
