import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import type { ExplainedDecision } from '@mcp/mcp-domain';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decisionRowsToDomain, type DecisionRow } from './decision-rows';

/** `decision_log`: every decision received, in force or not, for the recompute. */
@Injectable()
export class DecisionLogRepository {
  /** The same decision delivered again under another event id is stored once. */
  async add(db: EntityManager, decision: EvidenceVerifiedV1, receivedAt: Date): Promise<void> {
    await db.query(
      `INSERT INTO ${sqlTable(db, 'decision_log')}
         (decision_id, pemda_code, year, sub_indicator_code, outcome, verified_value, claimed_value, sequence,
          evidence_ids, decided_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (decision_id) DO NOTHING`,
      [
        decision.decisionId,
        decision.pemdaCode,
        decision.year,
        decision.subIndicatorCode,
        decision.outcome,
        decision.verifiedValue,
        decision.claimedValue,
        decision.sequence,
        decision.evidenceIds,
        decision.decidedAt,
        receivedAt,
      ],
    );
  }

  /** Every decision received for one Pemda and year, in no particular order. */
  async decisionsOf(db: EntityManager, pemdaCode: string, year: number): Promise<ExplainedDecision[]> {
    const rows: DecisionRow[] = await db.query(
      `SELECT decision_id, sub_indicator_code, outcome, verified_value, claimed_value, sequence, evidence_ids, decided_at
       FROM ${sqlTable(db, 'decision_log')} WHERE year = $1 AND pemda_code = $2`,
      [year, pemdaCode],
    );
    return decisionRowsToDomain(rows);
  }
}

/**
 * The INSERT that logs a batch's decisions (a JSON array of `decisionRecord`s in parameter
 * `decisionsParam`, received at `receivedAtParam`); as `add`, one already stored is left as it is.
 * A fragment, so the statement that stores the values in force carries it (docs/decisions.md #108).
 */
export function logDecisionsSql(db: EntityManager, decisionsParam: string, receivedAtParam: string): string {
  return `INSERT INTO ${sqlTable(db, 'decision_log')}
       (decision_id, pemda_code, year, sub_indicator_code, outcome, verified_value, claimed_value, sequence,
        evidence_ids, decided_at, received_at)
     SELECT d.decision_id, d.pemda_code, d.year, d.sub_indicator_code, d.outcome, d.verified_value, d.claimed_value,
            d.sequence, ARRAY(SELECT jsonb_array_elements_text(d.evidence_ids))::uuid[], d.decided_at, ${receivedAtParam}
     FROM jsonb_to_recordset(${decisionsParam}::jsonb) AS d(decision_id uuid, pemda_code text, year int, sub_indicator_code text,
            outcome text, verified_value numeric, claimed_value numeric, sequence bigint, evidence_ids jsonb,
            decided_at timestamptz)
     ON CONFLICT (decision_id) DO NOTHING`;
}

/** A decision as the batch statements read it with jsonb_to_recordset. */
export function decisionRecord(decision: EvidenceVerifiedV1) {
  return {
    decision_id: decision.decisionId,
    pemda_code: decision.pemdaCode,
    year: decision.year,
    sub_indicator_code: decision.subIndicatorCode,
    outcome: decision.outcome,
    verified_value: decision.verifiedValue,
    claimed_value: decision.claimedValue,
    sequence: decision.sequence,
    evidence_ids: decision.evidenceIds,
    decided_at: decision.decidedAt,
  };
}

/** Which of these decisions were received while their year was open (every one received then is logged). */
export async function loggedDecisionIds(db: EntityManager, decisionIds: readonly string[]): Promise<ReadonlySet<string>> {
  const rows: { decision_id: string }[] = await db.query(
    `SELECT decision_id FROM ${sqlTable(db, 'decision_log')} WHERE decision_id = ANY($1::uuid[])`,
    [decisionIds],
  );
  return new Set(rows.map((row) => row.decision_id));
}
