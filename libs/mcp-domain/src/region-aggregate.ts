import { Decimal } from './decimal';
import type { PemdaScore } from './pemda-score';

/**
 * What one Pemda's new score adds to every region it counts in: the change of its total and of
 * each area's score. A Pemda never scored before had 0 everywhere. Areas are matched by code, so
 * a framework revision that renames an area moves its sum from the old code to the new one.
 */
export interface ScoreDelta {
  total: Decimal;
  areas: ReadonlyMap<string, Decimal>;
}

export function scoreDelta(previous: PemdaScore | null, next: PemdaScore): ScoreDelta {
  const areas = new Map<string, Decimal>();
  for (const area of previous?.areas ?? []) areas.set(area.code, area.score.negated());
  for (const area of next.areas) {
    areas.set(area.code, (areas.get(area.code) ?? new Decimal(0)).plus(area.score));
  }
  for (const [code, change] of areas) if (change.isZero()) areas.delete(code);
  return { total: next.total.minus(previous?.total ?? 0), areas };
}

/** Two changes as one, e.g. every Pemda of a province re-scored by a new framework revision. */
export function addScoreDeltas(a: ScoreDelta, b: ScoreDelta): ScoreDelta {
  const areas = new Map(a.areas);
  for (const [code, change] of b.areas) areas.set(code, (areas.get(code) ?? new Decimal(0)).plus(change));
  return { total: a.total.plus(b.total), areas };
}

/**
 * Running totals of a region (province, wilayah or the nation) for a year, overall and per area.
 *
 * AVERAGING RULE (docs/decisions.md #9): the mean over EVERY Pemda of the region. `pemdaCount` is
 * fixed by the master data when the year opens (national 546; a province its own government plus
 * all its kabupaten/kota), so a Pemda without verified evidence counts 0 instead of being left
 * out. That is also what makes the update O(1): sum += new − old; the count never moves.
 */
export interface RegionAggregate {
  sum: Decimal;
  /** Σ area score per area code; a code missing here sums to 0. */
  areaSums: ReadonlyMap<string, Decimal>;
  pemdaCount: number;
}

export function openAggregate(pemdaCount: number): RegionAggregate {
  if (!Number.isInteger(pemdaCount) || pemdaCount < 1) {
    throw new RangeError(`Wilayah harus punya paling sedikit satu Pemda, bukan ${pemdaCount}`);
  }
  return { sum: new Decimal(0), areaSums: new Map(), pemdaCount };
}

/**
 * O(number of areas the change touches), whatever the number of Pemda in the region. A sum that
 * comes back to 0 is dropped, as if never scored: an area a framework revision renamed or removed
 * would otherwise stay in every later aggregate as a ninth area at 0.
 */
export function applyScoreDelta(aggregate: RegionAggregate, delta: ScoreDelta): RegionAggregate {
  const areaSums = new Map(aggregate.areaSums);
  for (const [code, change] of delta.areas) {
    const sum = (areaSums.get(code) ?? new Decimal(0)).plus(change);
    if (sum.isZero()) areaSums.delete(code);
    else areaSums.set(code, sum);
  }
  return { sum: aggregate.sum.plus(delta.total), areaSums, pemdaCount: aggregate.pemdaCount };
}

/**
 * The plain mean over the region's Pemda, unweighted by population or budget; KPK does not
 * publish its method. The one inexact step: rounded half-up at 100 significant digits.
 */
export function averageOf(aggregate: RegionAggregate): Decimal {
  return aggregate.sum.dividedBy(aggregate.pemdaCount);
}

export function areaAverageOf(aggregate: RegionAggregate, areaCode: string): Decimal {
  return (aggregate.areaSums.get(areaCode) ?? new Decimal(0)).dividedBy(aggregate.pemdaCount);
}

/** Equal to the last decimal, treating an area missing on one side as a sum of 0. */
export function sameAggregate(a: RegionAggregate, b: RegionAggregate): boolean {
  if (!a.sum.equals(b.sum) || a.pemdaCount !== b.pemdaCount) return false;
  const codes = new Set([...a.areaSums.keys(), ...b.areaSums.keys()]);
  return [...codes].every((code) =>
    (a.areaSums.get(code) ?? new Decimal(0)).equals(b.areaSums.get(code) ?? 0),
  );
}
