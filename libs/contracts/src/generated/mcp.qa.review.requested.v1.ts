/**
 * Generated from libs/contracts/schemas/mcp.qa.review.requested.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A decision was sampled for quality assurance and waits for a QA reviewer of its wilayah
 *
 * Confidential to QA: the deciding verifier must not learn that their decision was sampled. Route it to QA reviewers only; never show it to the decider, never forward it to webhooks or public read models.
 */
export interface QaReviewRequestedV1 {
  reviewId: string;
  decisionId: string;
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
   * The sampled decision's outcome (revision requests are not sampled today)
   */
  outcome: 'approved' | 'rejected' | 'revision_requested';
  /**
   * The deciding verifier: the one person who may not review it, and who is never told
   */
  decidedBy: string;
  decidedAt: string;
  sampledAt: string;
}
