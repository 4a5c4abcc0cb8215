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
