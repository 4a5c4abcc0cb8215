import type { AggregateUpdatedV1 } from '@mcp/contracts';
import { areaAverageOf, averageOf, Decimal, type RegionAggregate, type RegionKind } from '@mcp/mcp-domain';
import { decimalText } from '../decimal-text';

/**
 * Averages are published to 10 decimals: the one inexact step (a division), done from the exact
 * sum each time, so rounding errors never accumulate.
 */
export const AVERAGE_DECIMAL_PLACES = 10;

export function averageText(average: Decimal): string {
  return average.toFixed(AVERAGE_DECIMAL_PLACES, Decimal.ROUND_HALF_UP);
}

/** A region's running totals for a year; the averaging rule is in RegionAggregate (mcp-domain). */
export interface RegionTotals {
  regionCode: string;
  regionKind: RegionKind;
  year: number;
  aggregate: RegionAggregate;
}

/** Area sums as stored (jsonb of exact decimal strings) and back. */
export function areaSumsFromJson(json: Record<string, string>): Map<string, Decimal> {
  return new Map(Object.entries(json).map(([code, sum]) => [code, new Decimal(sum)]));
}

export function areaSumsToJson(areaSums: ReadonlyMap<string, Decimal>): Record<string, string> {
  return Object.fromEntries([...areaSums].map(([code, sum]) => [code, decimalText(sum)]));
}

/**
 * `decisionIds`: the decisions folded into this change, so one decision can be followed to the first
 * aggregate that counts it (docs/decisions.md #92); left out when none (a framework revision).
 */
export function aggregateUpdatedOf(totals: RegionTotals, updatedAt: Date, decisionIds: readonly string[] = []): AggregateUpdatedV1 {
  return {
    regionCode: totals.regionCode,
    regionKind: totals.regionKind,
    year: totals.year,
    average: averageText(averageOf(totals.aggregate)),
    scoreSum: decimalText(totals.aggregate.sum),
    pemdaCount: totals.aggregate.pemdaCount,
    updatedAt: updatedAt.toISOString(),
    // An area whose sum is 0 (none of the region's Pemda has scored in it, or a revision renamed it) is left out.
    areas: [...totals.aggregate.areaSums]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, sum]) => ({
        code,
        scoreSum: decimalText(sum),
        average: averageText(areaAverageOf(totals.aggregate, code)),
      })),
    ...(decisionIds.length > 0 ? { decisionIds: [...decisionIds] } : {}),
  };
}
