import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SubIndicatorValue } from './sub-indicator-value.entity';
import { verifiedValuesOf } from './verified-values';

@Injectable()
export class SubIndicatorValuesService {
  /**
   * Stores the decision unless a later one (higher sequence) is already in force; false means the
   * decision is stale or re-ordered and must change nothing.
   */
  async recordIfNewer(manager: EntityManager, decision: EvidenceVerifiedV1, now: Date): Promise<boolean> {
    const stored: unknown[] = await manager.query(
      `INSERT INTO "scoring"."sub_indicator_value" AS current
         (pemda_code, year, sub_indicator_code, outcome, verified_value, claimed_value, decision_id,
          sequence, decided_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (pemda_code, year, sub_indicator_code) DO UPDATE SET
         outcome = EXCLUDED.outcome, verified_value = EXCLUDED.verified_value,
         claimed_value = EXCLUDED.claimed_value, decision_id = EXCLUDED.decision_id,
         sequence = EXCLUDED.sequence, decided_at = EXCLUDED.decided_at, updated_at = EXCLUDED.updated_at
       WHERE current.sequence < EXCLUDED.sequence
       RETURNING sequence`,
      [
        decision.pemdaCode,
        decision.year,
        decision.subIndicatorCode,
        decision.outcome,
        decision.verifiedValue,
        decision.claimedValue,
        decision.decisionId,
        decision.sequence,
        decision.decidedAt,
        now,
      ],
    );
    return stored.length > 0;
  }

  async verifiedValues(manager: EntityManager, pemdaCode: string, year: number): Promise<Map<string, number>> {
    return verifiedValuesOf(await manager.find(SubIndicatorValue, { where: { pemdaCode, year } }));
  }
}
