/**
 * Generated from libs/contracts/schemas/mcp.task.reassigned.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * An admin handed a verification task to a verifier, or took it back to the queue
 *
 * fromVerifier held the task before (null: it was open); toVerifier holds it now with a fresh lease (null: it went back to the queue). Both may be null when an open task is put back in the queue.
 */
export interface TaskReassignedV1 {
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
   * The verifier (token subject) who held the task, null if it was open
   */
  fromVerifier: string | null;
  /**
   * The verifier (token subject) who holds it now, null if it went back to the queue
   */
  toVerifier: string | null;
  /**
   * End of toVerifier's lease; null without toVerifier
   */
  leaseExpiresAt: string | null;
  reassignedBy: string;
  at: string;
}
