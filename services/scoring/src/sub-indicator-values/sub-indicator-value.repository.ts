import { prepared } from '@mcp/postgres-client';
import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { supersedes, type ExplainedDecision } from '@mcp/mcp-domain';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decisionRecord, logDecisionsSql } from './decision-log.repository';
import { decisionRowsToDomain, type DecisionRow } from './decision-rows';

/** `sub_indicator_value`: the decision in force per Pemda × year × sub-indicator. */
@Injectable()
export class SubIndicatorValueRepository {
  /**
   * Logs every decision of a batch (`decision_log`, for the recompute) and stores each unless one
   * that supersedes it is already in force, in one statement; a stale, re-ordered or repeated
   * decision changes nothing. An upsert cannot touch one
   * row twice, so the batch is first reduced to its newest decision per item with mcp-domain's
   * `supersedes`, and the stored row is compared on `(sequence, decision_id)` as `supersedes` does,
   * so the winner never depends on arrival order. Returns the decisions now in force, i.e. the ones
   * that changed something.
   */
  async logAndRecordNewest(db: EntityManager, decisions: readonly EvidenceVerifiedV1[], now: Date): Promise<EvidenceVerifiedV1[]> {
    const newest = new Map<string, EvidenceVerifiedV1>();
    for (const decision of decisions) {
      const key = `${decision.pemdaCode}/${decision.year}/${decision.subIndicatorCode}`;
      if (supersedes(decision, newest.get(key))) newest.set(key, decision);
    }
    if (newest.size === 0) return [];
    // The log's CTE runs whatever the outer INSERT returns; the two touch different tables.
    const stored: { decision_id: string }[] = await db.query(
      prepared(`WITH logged AS (${logDecisionsSql(db, '$3', '$2')})
       INSERT INTO ${sqlTable(db, 'sub_indicator_value')} AS current
         (pemda_code, year, sub_indicator_code, outcome, verified_value, claimed_value, decision_id,
          evidence_ids, sequence, decided_at, updated_at)
       SELECT d.pemda_code, d.year, d.sub_indicator_code, d.outcome, d.verified_value, d.claimed_value, d.decision_id,
              ARRAY(SELECT jsonb_array_elements_text(d.evidence_ids))::uuid[], d.sequence, d.decided_at, $2
       FROM jsonb_to_recordset($1::jsonb) AS d(decision_id uuid, pemda_code text, year int, sub_indicator_code text,
              outcome text, verified_value numeric, claimed_value numeric, sequence bigint, evidence_ids jsonb,
              decided_at timestamptz)
       ON CONFLICT (pemda_code, year, sub_indicator_code) DO UPDATE SET
         outcome = EXCLUDED.outcome, verified_value = EXCLUDED.verified_value,
         claimed_value = EXCLUDED.claimed_value, decision_id = EXCLUDED.decision_id,
         evidence_ids = EXCLUDED.evidence_ids, sequence = EXCLUDED.sequence,
         decided_at = EXCLUDED.decided_at, updated_at = EXCLUDED.updated_at
       WHERE (current.sequence, current.decision_id) < (EXCLUDED.sequence, EXCLUDED.decision_id)
       RETURNING decision_id`),
      [JSON.stringify([...newest.values()].map(decisionRecord)), now, JSON.stringify(decisions.map(decisionRecord))],
    );
    const inForce = new Set(stored.map((row) => row.decision_id.toLowerCase()));
    return [...newest.values()].filter((decision) => inForce.has(decision.decisionId.toLowerCase()));
  }

  /** The decisions in force for one Pemda and year, by sub-indicator code. */
  async inForce(db: EntityManager, pemdaCode: string, year: number): Promise<Map<string, ExplainedDecision>> {
    const rows: DecisionRow[] = await db.query(
      `SELECT decision_id, sub_indicator_code, outcome, verified_value, claimed_value, sequence, evidence_ids, decided_at
       FROM ${sqlTable(db, 'sub_indicator_value')} WHERE pemda_code = $1 AND year = $2`,
      [pemdaCode, year],
    );
    return new Map(decisionRowsToDomain(rows).map((decision) => [decision.subIndicatorCode, decision]));
  }

  /** `inForce` for many Pemda of one year in one statement, by Pemda code (a Pemda without any: an empty map). */
  async inForceOfAll(
    db: EntityManager,
    pemdaCodes: readonly string[],
    year: number,
  ): Promise<Map<string, Map<string, ExplainedDecision>>> {
    const rows: (DecisionRow & { pemda_code: string })[] = await db.query(
      `SELECT pemda_code, decision_id, sub_indicator_code, outcome, verified_value, claimed_value, sequence, evidence_ids, decided_at
       FROM ${sqlTable(db, 'sub_indicator_value')} WHERE pemda_code = ANY($1::text[]) AND year = $2`,
      [pemdaCodes, year],
    );
    const byPemda = new Map<string, Map<string, ExplainedDecision>>(pemdaCodes.map((code) => [code, new Map()]));
    const decisions = decisionRowsToDomain(rows);
    rows.forEach((row, i) => byPemda.get(row.pemda_code)?.set(decisions[i].subIndicatorCode, decisions[i]));
    return byPemda;
  }

  /** Every Pemda with a decision in force for the year (a framework revision re-scores them). */
  async decidedPemda(db: EntityManager, year: number): Promise<string[]> {
    const rows: { pemda_code: string }[] = await db.query(
      `SELECT DISTINCT pemda_code FROM ${sqlTable(db, 'sub_indicator_value')} WHERE year = $1 ORDER BY pemda_code`,
      [year],
    );
    return rows.map((row) => row.pemda_code);
  }
}
