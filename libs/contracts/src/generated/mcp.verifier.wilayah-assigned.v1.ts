/**
 * Generated from libs/contracts/schemas/mcp.verifier.wilayah-assigned.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * An admin moved a verifier or QA reviewer to a wilayah, or removed the move
 *
 * Verification's admin override of the token's wilayah claim. wilayah null: the override was removed and the token's claim applies again. The latest assignedAt per subject is in force; every service that decides by wilayah applies it.
 */
export interface VerifierWilayahAssignedV1 {
  /**
   * The verifier or QA reviewer (token subject)
   */
  subject: string;
  /**
   * Where they work now; null: the token's wilayah claim applies again
   */
  wilayah: ('I' | 'II' | 'III' | 'IV' | 'V') | null;
  assignedBy: string;
  assignedAt: string;
}
