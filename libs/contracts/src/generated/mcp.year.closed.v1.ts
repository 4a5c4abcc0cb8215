/**
 * Generated from libs/contracts/schemas/mcp.year.closed.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A year's scores were closed: they are final and late decisions are refused
 */
export interface YearClosedV1 {
  year: number;
  closedAt: string;
  closedBy: string;
}
