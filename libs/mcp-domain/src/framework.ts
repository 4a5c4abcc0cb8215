/**
 * One year's MCP framework: area → indicator → sub-indicator → required evidence. Weights are
 * relative to their parent and each sibling set sums to 100, so every score is out of 100.
 */
export interface Framework {
  year: number;
  revision: number;
  name: string;
  /** ISO-8601 with an explicit offset, e.g. 2024-11-30T23:59:59+07:00. */
  uploadDeadline: string;
  /** IANA zone the deadline is announced in, e.g. Asia/Jakarta. */
  timeZone: string;
  areas: Area[];
}

export interface Area {
  code: string;
  name: string;
  weight: number;
  indicators: Indicator[];
}

export interface Indicator {
  code: string;
  name: string;
  weight: number;
  subIndicators: SubIndicator[];
}

export interface SubIndicator {
  code: string;
  name: string;
  weight: number;
  /** The values a verifier may give, ascending, from 0 to 100, e.g. [0, 50, 100]. */
  rubricSteps: number[];
  requiredEvidence: RequiredEvidence[];
}

export interface RequiredEvidence {
  code: string;
  name: string;
}
