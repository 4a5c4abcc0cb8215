import type { Decimal } from '@mcp/mcp-domain';

/**
 * A score as an exact plain decimal string, for numeric columns and events. Decimal#toString
 * switches to exponent notation below 1e-7 ("1e-7"), which the contracts' decimalScore pattern
 * rejects; toFixed() without places never does and keeps every digit.
 */
export function decimalText(value: Decimal): string {
  return value.toFixed();
}
