import { Decimal, roundScore } from '@mcp/mcp-domain';

/**
 * The figure a report shows: the exact stored decimal rounded half-up to 2 places, as KPK
 * publishes scores. Rounding the decimal, not a float, keeps 80.145 at 80.15.
 */
export function publishedScore(exact: string): number {
  return Number(roundScore(new Decimal(exact)));
}
