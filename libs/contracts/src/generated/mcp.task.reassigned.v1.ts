/**
 * Generated from libs/contracts/schemas/mcp.task.reassigned.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * An admin handed a verification task to a verifier, or took it back to the queue; or a framework revision cancelled an unfinished task; or a changed wilayah mapping moved a held task to another wilayah's queue
 *
 * fromVerifier held the task before (null: it was open); toVerifier holds it now with a fresh lease (null: it went back to the queue). Both may be null when an open task is put back in the queue. With reason sub_indicator_removed the task did not go back to the queue: a published framework revision dropped its sub-indicator and cancelled it (toVerifier null; fromVerifier its holder, null if nobody held it). With reason wilayah_remapped the task went back to the queue of its Pemda's new wilayah (the event's wilayah) after the wilayah mapping was changed and re-seeded; only a task whose holder's lease still ran is announced (fromVerifier that holder, toVerifier null).
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
   * The verifier (token subject) who holds it now; null if it went back to the queue, or with a reason, if the task was cancelled
   */
  toVerifier: string | null;
  /**
   * End of toVerifier's lease; null without toVerifier
   */
  leaseExpiresAt: string | null;
  /**
   * The admin (token subject) who acted; mcp-verification when the service did, for a reason below
   */
  reassignedBy: string;
  at: string;
  /**
   * Added later (optional): why, when no admin acted. sub_indicator_removed: a published framework revision dropped the task's sub-indicator, and the unfinished task was cancelled (under its holder, if any). wilayah_remapped (added later still): the re-seeded wilayah mapping moved the Pemda to another wilayah, and the holder's claim went back to that wilayah's queue. Absent: an admin's act
   */
  reason?: 'sub_indicator_removed' | 'wilayah_remapped';
  /**
   * Added later (optional): with reason sub_indicator_removed, the revision that dropped the sub-indicator
   */
  frameworkRevision?: number;
}
