import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface DecisionRefusal {
  eventId: string;
  reasonCode: 'year_closed';
  reason: string;
  refusedAt: Date;
}

/** `refused_decision`: the decisions scoring did not count, with the reason (docs/decisions.md #74). */
@Injectable()
export class RefusedDecisionRepository {
  /** False when the decision was refused before (redelivered under another event id): answer once. */
  async add(db: EntityManager, decision: EvidenceVerifiedV1, refusal: DecisionRefusal): Promise<boolean> {
    const inserted: unknown[] = await db.query(
      `INSERT INTO ${sqlTable(db, 'refused_decision')}
         (decision_id, event_id, pemda_code, year, sub_indicator_code, sequence, reason_code, reason, refused_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (decision_id) DO NOTHING RETURNING decision_id`,
      [
        decision.decisionId,
        refusal.eventId,
        decision.pemdaCode,
        decision.year,
        decision.subIndicatorCode,
        decision.sequence,
        refusal.reasonCode,
        refusal.reason,
        refusal.refusedAt,
      ],
    );
    return inserted.length > 0;
  }
}
