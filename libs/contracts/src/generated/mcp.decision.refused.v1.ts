/**
 * Generated from libs/contracts/schemas/mcp.decision.refused.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * Scoring refused a verification decision for a business reason: it does not count in any score
 */
export interface DecisionRefusedV1 {
  decisionId: string;
  taskId: string;
  /**
   * The refused decision's sequence (mcp.evidence.verified.v1)
   */
  sequence: number;
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  provinceCode: string;
  year: number;
  subIndicatorCode: string;
  outcome: 'approved' | 'rejected' | 'revision_requested';
  /**
   * year_closed: the decision reached scoring after the year's scores were made final
   */
  reasonCode: 'year_closed';
  /**
   * What the Pemda and the verifier are told, in Indonesian
   */
  reason: string;
  /**
   * CloudEvents id of the refused mcp.evidence.verified.v1 event
   */
  refusedEventId: string;
  refusedAt: string;
}
