/**
 * Generated from libs/contracts/schemas/mcp.deadline.extended.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * An admin granted one Pemda a later upload deadline for a year
 *
 * The latest grant per Pemda x year is in force; it always ends after the framework's general deadline.
 */
export interface DeadlineExtendedV1 {
  extensionId: string;
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  provinceCode: string;
  year: number;
  /**
   * The framework's deadline for every Pemda
   */
  generalDeadline: string;
  /**
   * The Pemda's new deadline
   */
  until: string;
  reason: string;
  grantedBy: string;
  grantedAt: string;
}
