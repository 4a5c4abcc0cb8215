/**
 * Generated from libs/contracts/schemas/mcp.operator.assignments-changed.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A Pemda admin changed the Pemda's OPD accounts: every operator assignment of the Pemda as it now stands
 *
 * Written by the submissions service in the transaction of each assignment, removal or handover (docs/decisions.md #68, #137). It carries the Pemda's whole set, not the change, so the latest event per Pemda is the truth and the topic is compacted; revision rises with every change of the Pemda, and a reader keeps the highest it has seen. An empty operators list: the Pemda has no OPD accounts, so its operators work on everything.
 */
export interface OperatorAssignmentsChangedV1 {
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  /**
   * Increases with every change of the Pemda's assignments (the number of its entry in the assignment history)
   */
  revision: number;
  /**
   * What happened; announced: the set as it stands, sent by submissions for a Pemda whose last change was not announced (made before this event existed, or by an older replica during its rollout)
   */
  change: 'assigned' | 'removed' | 'handed_over' | 'announced';
  /**
   * The Pemda admin (token subject); submissions for an announced set
   */
  changedBy: string;
  changedAt: string;
  operators: {
    /**
     * The operator (token subject)
     */
    operatorSubject: string;
    /**
     * As the Pemda admin named it
     */
    opdName: string;
    /**
     * Areas they work on
     */
    areaCodes: string[];
    /**
     * Indicators they work on
     */
    indicatorCodes: string[];
    /**
     * Areas they are the PIC of (and work on)
     */
    picAreaCodes: string[];
  }[];
}
