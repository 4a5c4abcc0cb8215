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
  const score = rollUp(framework, verifiedValues, scored, true);
  rejectUnknownCodes(verifiedValues, scored);
  return score;
}

/**
 * The same roll-up over the Pemda's claims (`nilai`), for the claimed-vs-verified gap. A claim is
 * what the Pemda says, not a verdict: it is not held to the rubric, and a claim on a code the
 * framework lacks is left out.
 */
export function computeClaimedScore(
  framework: Framework,
  claimedValues: ReadonlyMap<string, number>,
): PemdaScore {
  return rollUp(framework, claimedValues, new Set<string>(), false);
}

function rollUp(
  framework: Framework,
  values: ReadonlyMap<string, number>,
  scored: Set<string>,
  checkRubric: boolean,
): PemdaScore {
  const areas = framework.areas.map((area) => ({
    code: area.code,
    score: areaScore(area, values, scored, checkRubric),
  }));
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
  checkRubric: boolean,
): Decimal {
  return area.indicators.reduce(
    (sum, indicator) =>
      sum.plus(
        weighted(indicator.weight, indicatorScore(indicator, verifiedValues, scored, checkRubric)),
      ),
    new Decimal(0),
  );
}

function indicatorScore(
  indicator: Indicator,
  verifiedValues: ReadonlyMap<string, number>,
  scored: Set<string>,
  checkRubric: boolean,
): Decimal {
  let sum = new Decimal(0);
  for (const subIndicator of indicator.subIndicators) {
    const value = verifiedValues.get(subIndicator.code);
    if (value === undefined) continue;
    if (checkRubric && !isRubricStep(subIndicator, value)) {
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

export interface UnscorableValue {
  subIndicatorCode: string;
  message: string;
}

/**
 * Every verified value a framework cannot score (unknown code, value off the rubric), all at once:
 * what publishing a new revision must check against the decisions already in force.
 */
export function unscorableValues(
  framework: Framework,
  verifiedValues: ReadonlyMap<string, number>,
): UnscorableValue[] {
  const subIndicators = new Map(
    framework.areas.flatMap((area) =>
      area.indicators.flatMap((indicator) => indicator.subIndicators.map((sub) => [sub.code, sub] as const)),
    ),
  );
  const problems: UnscorableValue[] = [];
  for (const [code, value] of verifiedValues) {
    const sub = subIndicators.get(code);
    if (sub === undefined) {
      problems.push({ subIndicatorCode: code, message: `Subindikator ${code} tidak ada dalam kerangka penilaian ini` });
    } else if (!isRubricStep(sub, value)) {
      problems.push({
        subIndicatorCode: code,
        message: `Nilai ${value} untuk subindikator ${code} bukan salah satu nilai rubrik (${sub.rubricSteps.join(', ')})`,
      });
    }
  }
  return problems;
}

/**
 * The values a framework can score, the rest left out: for what only informs (a reminder's open
 * items, a report card's path to target) while a decision and a new revision cross on their way.
 * Scoring itself refuses such values (`ScoringInputError`) rather than leaving them out.
 */
export function scorableValues(framework: Framework, verifiedValues: ReadonlyMap<string, number>): Map<string, number> {
  const unscorable = new Set(unscorableValues(framework, verifiedValues).map((problem) => problem.subIndicatorCode));
  return new Map([...verifiedValues].filter(([code]) => !unscorable.has(code)));
}
