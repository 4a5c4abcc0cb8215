import type { BandThreshold } from './colour-band';

/**
 * One year's MCP framework: area → indicator → sub-indicator → required evidence. Weights are
 * relative to their parent and each sibling set sums to 100, so every score is out of 100.
 *
 * 2025-style frameworks (IPKD MCP) also group indicators under aspects (framework-wide) and
 * sasaran (per area). Both are labels: the score still rolls up area → indicator → sub-indicator.
 */
export interface Framework {
  year: number;
  revision: number;
  name: string;
  /** ISO-8601 with an explicit offset, e.g. 2024-11-30T23:59:59+07:00. */
  uploadDeadline: string;
  /** IANA zone the deadline is announced in, e.g. Asia/Jakarta. */
  timeZone: string;
  /** Aspects (e.g. transparansi, regulasi & kebijakan, akuntabilitas); when present every indicator names one. */
  aspects?: Label[];
  /** Colour bands of this year's reports (2025 starts green at 78); DEFAULT_BANDS when absent. */
  colourBands?: BandThreshold[];
  areas: Area[];
}

/** A code and an Indonesian name, for the grouping levels that carry no weight. */
export interface Label {
  code: string;
  name: string;
}

export interface Area {
  code: string;
  name: string;
  weight: number;
  /** The area's sasaran (targets); when present every indicator of the area names one. */
  sasaran?: Label[];
  indicators: Indicator[];
}

export interface Indicator {
  code: string;
  name: string;
  weight: number;
  aspectCode?: string;
  sasaranCode?: string;
  subIndicators: SubIndicator[];
}

/**
 * `steps`: the verifier picks one of `rubricSteps` (e.g. 0/50/100).
 * `evidence-points`: each required evidence item carries points (summing to 100) and the verified
 * value is the sum of the accepted items' points; `rubricSteps` then lists every such sum.
 */
export type RubricKind = 'steps' | 'evidence-points';

export interface SubIndicator {
  code: string;
  name: string;
  weight: number;
  /** Absent means `steps`. */
  rubricKind?: RubricKind;
  /** The values a verifier may give, ascending, from 0 to 100, e.g. [0, 50, 100]. */
  rubricSteps: number[];
  requiredEvidence: RequiredEvidence[];
}

export interface RequiredEvidence {
  code: string;
  name: string;
  /** Only for `evidence-points` sub-indicators: what accepting this item adds (0–100). */
  points?: number;
}
