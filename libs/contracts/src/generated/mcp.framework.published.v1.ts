/**
 * Generated from libs/contracts/schemas/mcp.framework.published.v1.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * A published (immutable) revision of a year's MCP framework
 */
export interface FrameworkPublishedV1 {
  year: number;
  revision: number;
  /**
   * The framework document as validated by libs/mcp-domain
   */
  framework: {
    year: number;
    revision: number;
    /**
     * @minItems 1
     */
    areas: unknown[];
    [k: string]: unknown;
  };
  publishedAt: string;
}
