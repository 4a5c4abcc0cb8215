import { Decimal, HUNDRED } from './decimal';
import type { ScoredDecision } from './decisions-in-force';
import type { Area, Framework, Indicator, RubricKind, SubIndicator } from './framework';
import { subIndicatorWeightInTotal } from './framework-index';

/** A decision in force with what an explanation shows of it. */
export interface ExplainedDecision extends ScoredDecision {
  evidenceIds: string[];
  decidedAt: string;
}

export type SubIndicatorStatus = 'approved' | 'rejected' | 'revision_requested' | 'not_decided';

export interface SubIndicatorExplanation {
  code: string;
  name: string;
  weight: number;
  rubricKind: RubricKind;
  rubricSteps: number[];
  status: SubIndicatorStatus;
  claimedValue: number | null;
  verifiedValue: number | null;
  decisionId: string | null;
  evidenceIds: string[];
  decidedAt: string | null;
  /** What it adds to its indicator: weight × verifiedValue / 100. */
  score: Decimal;
  /** The most it can add to the Pemda total (areaW × indW × subW / 10000). */
  shareOfTotal: Decimal;
  /** What it adds to the Pemda total now. */
  contributionToTotal: Decimal;
  computation: string;
}

export interface IndicatorExplanation {
  code: string;
  name: string;
  weight: number;
  aspectCode?: string;
  sasaranCode?: string;
  score: Decimal;
  computation: string;
  subIndicators: SubIndicatorExplanation[];
}

export interface AreaExplanation {
  code: string;
  name: string;
  weight: number;
  score: Decimal;
  computation: string;
  indicators: IndicatorExplanation[];
}

export interface ScoreExplanation {
  total: Decimal;
  computation: string;
  areas: AreaExplanation[];
}

/**
 * The tree behind a Pemda's score, each number with the arithmetic that produced it, in the same
 * decimal arithmetic as computePemdaScore (so the explained total is the total). Only approvals
 * count; a rejection, a revision request or no decision yet scores 0 and says so.
 */
export function explainPemdaScore(
  framework: Framework,
  inForce: ReadonlyMap<string, ExplainedDecision>,
): ScoreExplanation {
  const areas = framework.areas.map((area) => explainArea(area, inForce));
  const parts = areas.map((area) => weightedPart(area.weight, area.score));
  const total = parts.reduce((sum, part) => sum.plus(part.value), new Decimal(0));
  return {
    total,
    computation: `Σ (bobot area × nilai area / 100) = ${joinTerms(parts)} = ${text(total)}`,
    areas,
  };
}

function explainArea(area: Area, inForce: ReadonlyMap<string, ExplainedDecision>): AreaExplanation {
  const indicators = area.indicators.map((indicator) => explainIndicator(area, indicator, inForce));
  const parts = indicators.map((indicator) => weightedPart(indicator.weight, indicator.score));
  const score = parts.reduce((sum, part) => sum.plus(part.value), new Decimal(0));
  return {
    code: area.code,
    name: area.name,
    weight: area.weight,
    score,
    computation: `Σ (bobot indikator × nilai indikator / 100) = ${joinTerms(parts)} = ${text(score)}`,
    indicators,
  };
}

function explainIndicator(
  area: Area,
  indicator: Indicator,
  inForce: ReadonlyMap<string, ExplainedDecision>,
): IndicatorExplanation {
  const subIndicators = indicator.subIndicators.map((sub) =>
    explainSubIndicator(area, indicator, sub, inForce.get(sub.code)),
  );
  const score = subIndicators.reduce((sum, sub) => sum.plus(sub.score), new Decimal(0));
  const terms = subIndicators.map((sub) => text(sub.score)).join(' + ');
  return {
    code: indicator.code,
    name: indicator.name,
    weight: indicator.weight,
    ...(indicator.aspectCode === undefined ? {} : { aspectCode: indicator.aspectCode }),
    ...(indicator.sasaranCode === undefined ? {} : { sasaranCode: indicator.sasaranCode }),
    score,
    computation: `Σ nilai subindikator = ${terms} = ${text(score)}`,
    subIndicators,
  };
}

function explainSubIndicator(
  area: Area,
  indicator: Indicator,
  sub: SubIndicator,
  decision: ExplainedDecision | undefined,
): SubIndicatorExplanation {
  const verifiedValue = decision?.outcome === 'approved' ? decision.verifiedValue : null;
  const value = new Decimal(verifiedValue ?? 0);
  const score = value.times(sub.weight).dividedBy(HUNDRED);
  const shareOfTotal = subIndicatorWeightInTotal({ area, indicator, subIndicator: sub });
  return {
    code: sub.code,
    name: sub.name,
    weight: sub.weight,
    rubricKind: sub.rubricKind ?? 'steps',
    rubricSteps: sub.rubricSteps,
    status: decision?.outcome ?? 'not_decided',
    claimedValue: decision?.claimedValue ?? null,
    verifiedValue,
    decisionId: decision?.decisionId ?? null,
    evidenceIds: decision?.evidenceIds ?? [],
    decidedAt: decision?.decidedAt ?? null,
    score,
    shareOfTotal,
    contributionToTotal: shareOfTotal.times(value).dividedBy(HUNDRED),
    computation: `${sub.weight} × ${text(value)} / 100 = ${text(score)}${reasonForZero(decision)}`,
  };
}

function reasonForZero(decision: ExplainedDecision | undefined): string {
  if (decision === undefined) return ' (belum ada keputusan verifikasi: dihitung 0)';
  if (decision.outcome === 'rejected') return ' (ditolak: dihitung 0)';
  if (decision.outcome === 'revision_requested') return ' (diminta perbaikan: dihitung 0)';
  return '';
}

interface WeightedPart {
  value: Decimal;
  term: string;
}

function weightedPart(weight: number, score: Decimal): WeightedPart {
  return { value: score.times(weight).dividedBy(HUNDRED), term: `${weight} × ${text(score)} / 100` };
}

function joinTerms(parts: WeightedPart[]): string {
  return parts.map((part) => part.term).join(' + ');
}

/** Plain decimal text, never exponent notation. */
function text(value: Decimal): string {
  return value.toFixed();
}
