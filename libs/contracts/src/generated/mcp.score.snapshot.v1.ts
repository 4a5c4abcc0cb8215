/**
 * Generated from libs/contracts/schemas/mcp.score.snapshot.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A Pemda's current score for a year: the state, on a compacted topic keyed by Pemda and year
 *
 * Written with every mcp.score.updated.v1, in the same transaction. The topic keeps the latest value per key, so a new consumer reads the current score of every Pemda and year without replaying the history.
 */
export interface ScoreSnapshotV1 {
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
  areas: {
    code: string;
    /**
     * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
     */
    score: string;
  }[];
  computedAt: string;
}
