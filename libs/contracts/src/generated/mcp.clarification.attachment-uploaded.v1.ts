/**
 * Generated from libs/contracts/schemas/mcp.clarification.attachment-uploaded.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A file to attach to a clarification message was stored
 *
 * Written by the submissions service in the transaction that records a clarification attachment (docs/decisions.md #146). It says which Pemda, year and sub-indicator the file is about, so that verification attaches it only to a message on that item's task. The file itself, its name and its hash stay in submissions.
 */
export interface ClarificationAttachmentUploadedV1 {
  attachmentId: string;
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  /**
   * The token subject who uploaded it
   */
  uploadedBy: string;
  uploadedAt: string;
}
