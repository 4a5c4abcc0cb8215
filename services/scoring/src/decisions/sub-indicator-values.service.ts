import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import type { ExplainedDecision } from '@mcp/mcp-domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decisionRowsToDomain, type DecisionRow } from './decision-rows';

@Injectable()
export class SubIndicatorValuesService {
  /**
   * Keeps every decision received (the recompute reads them all); the same decision delivered
   * again under another event id is stored once.
   */
  async log(manager: EntityManager, decision: EvidenceVerifiedV1, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO "scoring"."decision_log"
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
        now,
      ],
    );
  }

  /**
   * Stores the decision unless one that supersedes it is already in force; false means the decision
   * is stale, re-ordered or a repeat and must change nothing. `(sequence, decision_id)` is compared
   * as mcp-domain's `supersedes` does, so the winner never depends on arrival order.
   */
  async recordIfNewer(manager: EntityManager, decision: EvidenceVerifiedV1, now: Date): Promise<boolean> {
    const stored: unknown[] = await manager.query(
      `INSERT INTO "scoring"."sub_indicator_value" AS current
         (pemda_code, year, sub_indicator_code, outcome, verified_value, claimed_value, decision_id,
          evidence_ids, sequence, decided_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (pemda_code, year, sub_indicator_code) DO UPDATE SET
         outcome = EXCLUDED.outcome, verified_value = EXCLUDED.verified_value,
         claimed_value = EXCLUDED.claimed_value, decision_id = EXCLUDED.decision_id,
         evidence_ids = EXCLUDED.evidence_ids, sequence = EXCLUDED.sequence,
         decided_at = EXCLUDED.decided_at, updated_at = EXCLUDED.updated_at
       WHERE (current.sequence, current.decision_id) < (EXCLUDED.sequence, EXCLUDED.decision_id)
       RETURNING sequence`,
      [
        decision.pemdaCode,
        decision.year,
        decision.subIndicatorCode,
        decision.outcome,
        decision.verifiedValue,
        decision.claimedValue,
        decision.decisionId,
        decision.evidenceIds,
        decision.sequence,
        decision.decidedAt,
        now,
      ],
    );
    return stored.length > 0;
  }

  /** The decisions in force for one Pemda and year, by sub-indicator code. */
  async inForce(manager: EntityManager, pemdaCode: string, year: number): Promise<Map<string, ExplainedDecision>> {
    const rows: DecisionRow[] = await manager.query(
      `SELECT decision_id, sub_indicator_code, outcome, verified_value, claimed_value, sequence, evidence_ids, decided_at
       FROM "scoring"."sub_indicator_value" WHERE pemda_code = $1 AND year = $2`,
      [pemdaCode, year],
    );
    return new Map(decisionRowsToDomain(rows).map((decision) => [decision.subIndicatorCode, decision]));
  }

  /** Every Pemda with a decision in force for the year (a framework revision re-scores them). */
  async decidedPemda(manager: EntityManager, year: number): Promise<string[]> {
    const rows: { pemda_code: string }[] = await manager.query(
      `SELECT DISTINCT pemda_code FROM "scoring"."sub_indicator_value" WHERE year = $1 ORDER BY pemda_code`,
      [year],
    );
    return rows.map((row) => row.pemda_code);
  }
}
