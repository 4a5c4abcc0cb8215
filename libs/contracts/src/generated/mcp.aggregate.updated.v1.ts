/**
 * Generated from libs/contracts/schemas/mcp.aggregate.updated.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A region's average score (province, wilayah or national) after a Pemda's score changed
 *
 * average = scoreSum / pemdaCount, where pemdaCount counts every Pemda of the region and a Pemda without verified evidence counts 0. `areas` (added compatibly, see docs/decisions.md #17) applies the same rule per area of the framework. `decisionIds` (added compatibly, docs/decisions.md #92) names the decisions folded into this change.
 */
export interface AggregateUpdatedV1 {
  /**
   * A province code (`32`), `wilayah-I`…`wilayah-V`, or `national`
   */
  regionCode: string;
  regionKind: 'province' | 'wilayah' | 'national';
  year: number;
  /**
   * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
   */
  average: string;
  scoreSum: string;
  pemdaCount: number;
  updatedAt: string;
  /**
   * Per area whose sum is not 0: the sum of the region's Pemda area scores and its average over every Pemda of the region (unscored Pemda count 0). An area of the framework missing here sums to 0 (none of the region's Pemda scored in it, or a framework revision renamed it). Optional: events written before it was added have none.
   */
  areas?: {
    code: string;
    scoreSum: string;
    /**
     * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
     */
    average: string;
  }[];
  /**
   * The verification decisions (`decisionId` of mcp.evidence.verified.v1) whose value came into force in this change and moved this region (grouped by Pemda, each Pemda's in the order scoring consumed them): the first aggregate of the region carrying a decision's id is the first that counts it. Scoring folds one batch of decisions into one aggregate per region, so the list is at most one batch long: 500 decisions a batch today, the bound leaving room for batches of up to 5,000. Absent when no decision caused the change (a framework revision's re-scoring) and in events written before it was added; a decision that changed nothing in force (older than the one in force) is never named.
   *
   * @maxItems 5000
   */
  decisionIds?: string[];
}
