import { Decimal, HUNDRED } from './decimal';
import type { Area, Framework, Indicator } from './framework';
import { isRubricStep } from './rubric';
import { ScoringInputError } from './scoring-input-error';

export interface PemdaScore {
  /** 0–100, unrounded. */
  total: Decimal;
  /** One entry per framework area, in framework order; each 0–100, unrounded. */
  areas: { code: string; score: Decimal }[];
}

/**
 * KPK's published roll-up: indicator = Σ subWeight × verifiedValue / 100 (no verified value
 * counts 0); area = Σ indicatorWeight × indicator / 100; total = Σ areaWeight × area / 100.
 * Nothing is rounded here, so a recompute equals the incremental result to the last digit.
 * Throws ScoringInputError for a code the framework lacks or a value off the rubric: either means
 * the values belong to another framework revision, and a silent 0 would hide that.
 */
export function computePemdaScore(
  framework: Framework,
  verifiedValues: ReadonlyMap<string, number>,
): PemdaScore {
  const scored = new Set<string>();
  const areas = framework.areas.map((area) => ({
    code: area.code,
    score: areaScore(area, verifiedValues, scored),
  }));
  rejectUnknownCodes(verifiedValues, scored);
  const total = framework.areas.reduce(
    (sum, area, i) => sum.plus(weighted(area.weight, areas[i].score)),
    new Decimal(0),
  );
  return { total, areas };
}

function areaScore(
  area: Area,
  verifiedValues: ReadonlyMap<string, number>,
  scored: Set<string>,
): Decimal {
  return area.indicators.reduce(
    (sum, indicator) =>
      sum.plus(weighted(indicator.weight, indicatorScore(indicator, verifiedValues, scored))),
    new Decimal(0),
  );
}

function indicatorScore(
  indicator: Indicator,
  verifiedValues: ReadonlyMap<string, number>,
  scored: Set<string>,
): Decimal {
  let sum = new Decimal(0);
  for (const subIndicator of indicator.subIndicators) {
    const value = verifiedValues.get(subIndicator.code);
    if (value === undefined) continue;
    if (!isRubricStep(subIndicator, value)) {
      throw new ScoringInputError(
        subIndicator.code,
        `Nilai ${value} untuk subindikator ${subIndicator.code} bukan salah satu nilai rubrik (${subIndicator.rubricSteps.join(', ')})`,
      );
    }
    scored.add(subIndicator.code);
    sum = sum.plus(weighted(subIndicator.weight, new Decimal(value)));
  }
  return sum;
}

function weighted(weight: number, score: Decimal): Decimal {
  return score.times(weight).dividedBy(HUNDRED);
}

function rejectUnknownCodes(
  verifiedValues: ReadonlyMap<string, number>,
  scored: Set<string>,
): void {
  if (scored.size === verifiedValues.size) return;
  for (const code of verifiedValues.keys()) {
    if (!scored.has(code)) {
      throw new ScoringInputError(
        code,
        `Subindikator ${code} tidak ada dalam kerangka penilaian ini`,
      );
    }
  }
}

/** For display only: half-up to `places` decimals, always showing them (e.g. "75.10"). */
export function roundScore(score: Decimal, places = 2): string {
  return score.toFixed(places, Decimal.ROUND_HALF_UP);
}
