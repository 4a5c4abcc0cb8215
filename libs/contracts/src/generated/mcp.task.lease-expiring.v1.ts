/**
 * Generated from libs/contracts/schemas/mcp.task.lease-expiring.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A verifier's claim on a task runs out soon
 *
 * Written once per lease (task x leaseExpiresAt) by the verification service's sweep, shortly before the lease ends; an extension starts a new lease that may be announced again.
 */
export interface TaskLeaseExpiringV1 {
  taskId: string;
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  provinceCode: string;
  wilayah: 'I' | 'II' | 'III' | 'IV' | 'V';
  year: number;
  subIndicatorCode: string;
  /**
   * The verifier (token subject) holding the claim
   */
  claimedBy: string;
  leaseExpiresAt: string;
  warnedAt: string;
}
