import type { DecisionOutcome, ExplainedDecision } from '@mcp/mcp-domain';

/** A decision as `sub_indicator_value` and `decision_log` hold it (numeric and bigint as text). */
export interface DecisionRow {
  decision_id: string;
  sub_indicator_code: string;
  outcome: DecisionOutcome;
  verified_value: string | null;
  claimed_value: string | null;
  sequence: string;
  evidence_ids: string[];
  decided_at: Date;
}

/**
 * Back to the numbers the event carried: a rubric step has at most 6 decimals, so the numeric text
 * parses to exactly the JSON number the rubric check compares against.
 */
export function decisionRowsToDomain(rows: readonly DecisionRow[]): ExplainedDecision[] {
  return rows.map((row) => ({
    decisionId: row.decision_id,
    subIndicatorCode: row.sub_indicator_code,
    outcome: row.outcome,
    verifiedValue: row.verified_value === null ? null : Number(row.verified_value),
    claimedValue: row.claimed_value === null ? null : Number(row.claimed_value),
    sequence: Number(row.sequence),
    evidenceIds: row.evidence_ids,
    decidedAt: row.decided_at.toISOString(),
  }));
}
