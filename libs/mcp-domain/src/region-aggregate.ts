import { Decimal } from './decimal';

/**
 * Running totals for a region (province, wilayah or the nation), kept by delta so one Pemda's
 * new score costs O(1) instead of a rescan of every Pemda.
 *
 * What counts: a Pemda joins when its first score is applied (previousTotal null) and stays in;
 * a score of 0 counts like any other. A Pemda that has never been scored is not in `pemdaCount`.
 * To average over every Pemda from day one, apply a 0 for each at the start of the year.
 */
export interface RegionAggregate {
  sum: Decimal;
  pemdaCount: number;
}

export function emptyAggregate(): RegionAggregate {
  return { sum: new Decimal(0), pemdaCount: 0 };
}

/** previousTotal null means the Pemda enters the aggregate; otherwise it is re-scored. */
export function applyScoreChange(
  aggregate: RegionAggregate,
  previousTotal: Decimal | null,
  newTotal: Decimal,
): RegionAggregate {
  if (previousTotal === null) {
    return { sum: aggregate.sum.plus(newTotal), pemdaCount: aggregate.pemdaCount + 1 };
  }
  if (aggregate.pemdaCount === 0) {
    throw new RangeError(
      'Pemda belum masuk agregat wilayah ini, tetapi nilai sebelumnya diberikan',
    );
  }
  return {
    sum: aggregate.sum.minus(previousTotal).plus(newTotal),
    pemdaCount: aggregate.pemdaCount,
  };
}

/**
 * The mean total over the Pemda counted (see RegionAggregate), or null when none is. KPK does
 * not publish how its averages are computed; this is the plain mean over Pemda, unweighted by
 * population or budget. The one inexact step: rounded half-up at 100 significant digits.
 */
export function averageOf(aggregate: RegionAggregate): Decimal | null {
  if (aggregate.pemdaCount === 0) return null;
  return aggregate.sum.dividedBy(aggregate.pemdaCount);
}
