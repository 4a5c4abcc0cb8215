import type { AggregateUpdatedV1, RegionKind } from '@mcp/contracts';
import { averageOf, Decimal } from '@mcp/mcp-domain';
import { decimalText } from '../decimal-text';

/**
 * Averages are published to 10 decimals: the one inexact step (a division), done from the exact
 * sum each time, so rounding errors never accumulate.
 */
export const AVERAGE_DECIMAL_PLACES = 10;

/** What one Pemda's new total adds to each of its regions; a Pemda never scored before had 0. */
export function scoreDelta(previousTotal: Decimal | null, newTotal: Decimal): Decimal {
  return newTotal.minus(previousTotal ?? 0);
}

/**
 * AVERAGING RULE: the mean over EVERY Pemda of the region (scoreSum / pemdaCount, with pemdaCount
 * the region's whole Pemda list), so a Pemda without verified evidence pulls the average down as a
 * 0 instead of being left out. KPK does not publish its method; this one is stated in the API docs.
 */
export function regionAverage(scoreSum: Decimal, pemdaCount: number): Decimal {
  const average = averageOf({ sum: scoreSum, pemdaCount });
  if (average === null) {
    throw new RangeError('Wilayah tanpa Pemda tidak punya rata-rata (a region without Pemda has no average)');
  }
  return average;
}

export function averageText(scoreSum: Decimal, pemdaCount: number): string {
  return regionAverage(scoreSum, pemdaCount).toFixed(AVERAGE_DECIMAL_PLACES, Decimal.ROUND_HALF_UP);
}

export interface RegionTotals {
  regionCode: string;
  regionKind: RegionKind;
  year: number;
  scoreSum: Decimal;
  pemdaCount: number;
}

export function aggregateUpdatedOf(totals: RegionTotals, updatedAt: Date): AggregateUpdatedV1 {
  return {
    regionCode: totals.regionCode,
    regionKind: totals.regionKind,
    year: totals.year,
    average: averageText(totals.scoreSum, totals.pemdaCount),
    scoreSum: decimalText(totals.scoreSum),
    pemdaCount: totals.pemdaCount,
    updatedAt: updatedAt.toISOString(),
  };
}
