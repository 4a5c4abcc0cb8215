/**
 * Generated from libs/contracts/schemas/mcp.audit.head.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * The audit log's head: the hash of its newest row, published so a rewrite of the whole chain is detectable
 */
export interface AuditHeadV1 {
  /**
   * The newest row's number in audit.entry
   */
  sequence: number;
  /**
   * That row's SHA-256 chain hash (hex): `npm run audit:verify -- --published-head <sequence>:<headHash>`
   */
  headHash: string;
  publishedAt: string;
}
