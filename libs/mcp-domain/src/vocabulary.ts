/**
 * The platform's words, declared once. Every lib and service imports them from here (the ground
 * floor), so a new wilayah or outcome is one edit that the compiler carries everywhere.
 */

/** KPK's Korsup regions; which province sits in which is data (master-data's wilayah.json). */
export const WILAYAH = ['I', 'II', 'III', 'IV', 'V'] as const;
export type Wilayah = (typeof WILAYAH)[number];

export function isWilayah(value: unknown): value is Wilayah {
  return WILAYAH.some((wilayah) => wilayah === value);
}

/** What a verifier decides about a Pemda's evidence for one sub-indicator. */
export const DECISION_OUTCOMES = ['approved', 'rejected', 'revision_requested'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export function isDecisionOutcome(value: unknown): value is DecisionOutcome {
  return DECISION_OUTCOMES.some((outcome) => outcome === value);
}

/** The three kinds of local government (Pemda). */
export const PEMDA_KINDS = ['provinsi', 'kabupaten', 'kota'] as const;
export type PemdaKind = (typeof PEMDA_KINDS)[number];

/** The levels at which scores are averaged. */
export const REGION_KINDS = ['province', 'wilayah', 'national'] as const;
export type RegionKind = (typeof REGION_KINDS)[number];
