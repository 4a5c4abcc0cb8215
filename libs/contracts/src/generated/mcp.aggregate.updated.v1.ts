/**
 * Generated from libs/contracts/schemas/mcp.aggregate.updated.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A region's average score (province, wilayah or national) after a Pemda's score changed
 *
 * average = scoreSum / pemdaCount, where pemdaCount counts every Pemda of the region and a Pemda without verified evidence counts 0. `areas` (added compatibly, see docs/decisions.md #17) applies the same rule per area of the framework.
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
   * Per area of the framework: the sum of the region's Pemda area scores and its average over every Pemda of the region (unscored Pemda count 0). Optional: events written before it was added have none.
   */
  areas?: {
    code: string;
    scoreSum: string;
    /**
     * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
     */
    average: string;
  }[];
}
