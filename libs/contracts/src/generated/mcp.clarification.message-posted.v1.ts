/**
 * Generated from libs/contracts/schemas/mcp.clarification.message-posted.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A message was posted on a verification task's clarification thread
 *
 * Written by the verification service, in the transaction that stores the message, once per message. The text itself stays in verification (read it on the thread); the event says who wrote, on which task, whether it pauses or resumes the task's clock, and which verifier the Pemda's side should reach.
 */
export interface ClarificationMessagePostedV1 {
  messageId: string;
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
   * verifier: KPK asks or replies (tell the Pemda's staff); pemda: the Pemda answers (tell the verifier)
   */
  authorSide: 'verifier' | 'pemda';
  /**
   * The token subject who posted
   */
  author: string;
  /**
   * The verifier the Pemda's side talks to: the claim holder, else whoever asked last; null if no verifier has written yet
   */
  verifier: string | null;
  /**
   * A verifier's question that paused the task's clock until the Pemda answers
   */
  pausesClock: boolean;
  /**
   * The Pemda's answer ended a pause
   */
  clockResumed: boolean;
  /**
   * A clarification attachment stored by submissions (GET /v1/clarification-attachments/{id}/download)
   */
  attachmentId: string | null;
  postedAt: string;
}
