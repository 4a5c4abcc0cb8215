import { auditTrail } from '@mcp/audit-trail';
import { DecisionRefused, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RefusedDecisionRepository } from './refused-decision.repository';

/**
 * Scoring's answer to a decision it will not count: the refusal, its announcement and its audit row
 * commit with the inbox row of the refused event, so it is answered exactly once and never
 * dead-lettered (docs/decisions.md #74).
 */
@Injectable()
export class RefuseDecision {
  private readonly logger = new Logger(RefuseDecision.name);

  constructor(
    private readonly refused: RefusedDecisionRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(tx: EntityManager, decision: EvidenceVerifiedV1, eventId: string, reason: string): Promise<void> {
    const [{ now }]: { now: Date }[] = await tx.query(`SELECT clock_timestamp() AS now`);
    const refusal = { eventId, reasonCode: 'year_closed' as const, reason, refusedAt: now };
    if (!(await this.refused.add(tx, decision, refusal))) return;
    await this.outbox.enqueue(tx, DecisionRefused, {
      decisionId: decision.decisionId,
      taskId: decision.taskId,
      sequence: decision.sequence,
      pemdaCode: decision.pemdaCode,
      provinceCode: decision.provinceCode,
      year: decision.year,
      subIndicatorCode: decision.subIndicatorCode,
      outcome: decision.outcome,
      reasonCode: refusal.reasonCode,
      reason,
      refusedEventId: eventId,
      refusedAt: now.toISOString(),
    });
    this.logger.warn(`Decision ${decision.decisionId} (event ${eventId}) refused: year ${decision.year} is closed`);
    await auditTrail.append(tx, {
      actor: 'scoring',
      action: 'decision.refused',
      pemdaCode: decision.pemdaCode,
      year: decision.year,
      subIndicatorCode: decision.subIndicatorCode,
      ids: { decisionId: decision.decisionId, taskId: decision.taskId, eventId },
      details: { reasonCode: refusal.reasonCode, reason, sequence: decision.sequence, outcome: decision.outcome },
      occurredAt: now,
    });
  }
}
