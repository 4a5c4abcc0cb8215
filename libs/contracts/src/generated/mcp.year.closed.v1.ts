/**
 * Generated from libs/contracts/schemas/mcp.year.closed.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A year's scores were closed: they are final and late decisions are refused
 *
 * Written by scoring under the year's exclusive lock, after every score of the year committed.
 */
export interface YearClosedV1 {
  year: number;
  closedAt: string;
  closedBy: string;
  /**
   * The year's final scores as closed: every Pemda with a score, by code; a Pemda not listed has 0. Added compatibly (docs/decisions.md #140): events written before it have none. Open data publishes exactly these, so it never needs to wait for the scores' own topic.
   */
  finalScores?: {
    /**
     * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
     */
    pemdaCode: string;
    /**
     * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
     */
    total: string;
  }[];
}
