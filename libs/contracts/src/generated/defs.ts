/**
 * Generated from libs/contracts/schemas/defs.schema.json
 * by libs/contracts/scripts/generate-contracts.ts. Do not edit: change the schema, then run
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts
 */

/**
 * Kemendagri code: 2 digits for a province, NN.NN for a kabupaten/kota
 *
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "pemdaCode".
 */
export type PemdaCode = string;
/**
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "provinceCode".
 */
export type ProvinceCode = string;
/**
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "wilayah".
 */
export type Wilayah = 'I' | 'II' | 'III' | 'IV' | 'V';
/**
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "year".
 */
export type Year = number;
/**
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "code".
 */
export type Code = string;
/**
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "rubricValue".
 */
export type RubricValue = number;
/**
 * A score 0-100 as an exact decimal string, never a float: floats would drift between the incremental and the full recompute
 *
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "decimalScore".
 */
export type DecimalScore = string;
/**
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "uuid".
 */
export type Uuid = string;
/**
 * This interface was referenced by `Defs`'s JSON-Schema
 * via the `definition` "timestamp".
 */
export type Timestamp = string;

/**
 * Shared definitions of MCP events
 */
export interface Defs {
  [k: string]: unknown;
}
