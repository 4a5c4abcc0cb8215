import type { DecisionRefusedV1 } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SubmissionHistoryRepository } from '../submission-records/submission-history.repository';
import { SubmissionRepository } from '../submission-records/submission.repository';

/**
 * Scoring did not count a decision (mcp.decision.refused.v1, docs/decisions.md #74): the Pemda sees
 * the item as `not_counted` with scoring's reason, not as decided. The refusal may arrive before the
 * decision itself (another topic), so it is kept by sequence and the view compares.
 */
@Injectable()
export class SubmissionRefusals {
  constructor(
    private readonly submissions: SubmissionRepository,
    private readonly history: SubmissionHistoryRepository,
  ) {}

  async apply(refusal: DecisionRefusedV1, manager: EntityManager): Promise<void> {
    const refusedAt = new Date(refusal.refusedAt);
    const item = { pemdaCode: refusal.pemdaCode, year: refusal.year, subIndicatorCode: refusal.subIndicatorCode };
    await this.submissions.lock(manager, item, refusedAt);
    if (!(await this.submissions.markNotCounted(manager, item, { sequence: refusal.sequence, reason: refusal.reason, at: refusedAt }))) return;
    await this.history.record(manager, item, {
      kind: 'not_counted',
      actor: 'penilaian',
      occurredAt: refusedAt,
      outcome: refusal.outcome,
      reason: refusal.reason,
    });
  }
}
