/**
 * Generated from libs/contracts/schemas/mcp.score.updated.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A Pemda's recalculated score for a year
 */
export interface ScoreUpdatedV1 {
  /**
   * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
   */
  pemdaCode: string;
  provinceCode: string;
  wilayah: 'I' | 'II' | 'III' | 'IV' | 'V';
  year: number;
  frameworkRevision: number;
  /**
   * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
   */
  total: string;
  /**
   * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
   */
  previousTotal: string;
  areas: {
    code: string;
    /**
     * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
     */
    score: string;
  }[];
  causedByDecisionId: string;
  computedAt: string;
}
