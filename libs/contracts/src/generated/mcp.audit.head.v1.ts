/**
 * Generated from libs/contracts/schemas/mcp.audit.head.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * The head of one lane of the audit log: the hash of its newest row, published so a rewrite of the lane is detectable
 */
export interface AuditHeadV1 {
  /**
   * The lane of the chain this head ends (docs/decisions.md #128); absent in heads published before lanes, which are lane 0's
   */
  lane?: number;
  /**
   * The newest row's number in its lane of audit.entry
   */
  sequence: number;
  /**
   * That row's SHA-256 chain hash (hex): `npm run audit:verify -- --published-head <lane>/<sequence>:<headHash>`
   */
  headHash: string;
  publishedAt: string;
}
