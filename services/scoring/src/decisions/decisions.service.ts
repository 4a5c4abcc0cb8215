import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RescorePemda } from '../pemda-scores/rescore-pemda.usecase';
import { DecisionLogRepository } from '../sub-indicator-values/decision-log.repository';
import { SubIndicatorValueRepository } from '../sub-indicator-values/sub-indicator-value.repository';
import { ClosedYearRepository } from '../years/closed-year.repository';
import { lockYearShared } from '../years/year-lock';
import { currentFramework } from './current-framework';
import { closedYearRefusal, requireDecisionFramework, requireDecisionPemda, requireDecisionSubIndicator } from './decision-scoring';
import { RefuseDecision } from './refuse-decision';

@Injectable()
export class DecisionsService {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly closedYears: ClosedYearRepository,
    private readonly decisionLog: DecisionLogRepository,
    private readonly values: SubIndicatorValueRepository,
    private readonly rescorePemda: RescorePemda,
    private readonly refuseDecision: RefuseDecision,
  ) {}

  /**
   * Runs inside the inbox transaction of the decision event: the logged decision, the value in
   * force, the Pemda score and its history, the three aggregates and the four outgoing events
   * commit with the event id, or none of them does. A decision on a closed year is refused with
   * the reason instead (docs/decisions.md #74): nothing of the scores changes.
   */
  async applyDecision(decision: EvidenceVerifiedV1, eventId: string, tx: EntityManager): Promise<void> {
    const pemda = requireDecisionPemda(await this.referenceData.findPemda(decision.pemdaCode), decision);
    await lockYearShared(tx, decision.year);
    const refusal = closedYearRefusal(await this.closedYears.find(tx, decision.year), decision);
    if (refusal) return this.refuseDecision.execute(tx, decision, eventId, refusal);
    const framework = requireDecisionFramework(await currentFramework(this.referenceData, tx, decision.year), decision);
    requireDecisionSubIndicator(framework, decision);
    const at = await lockPemdaYear(tx, decision);
    await this.decisionLog.add(tx, decision, at);
    if (!(await this.values.recordIfNewer(tx, decision, at))) return;
    await this.rescorePemda.execute(tx, {
      framework: framework.framework,
      pemdaList: [pemda],
      cause: { kind: 'decision', decisionId: decision.decisionId },
      at,
    });
  }
}

/**
 * Serialises decisions on one Pemda and year (e.g. two replicas during a rebalance): each one reads
 * the values and the previous total only after the other has committed. Two-key form, so it can
 * never collide with the outbox relay's single-key lock. Returns the database clock read under the
 * lock: consumers such as reporting keep the newest score by its time, and "as of" queries read the
 * history by it, so successive scores of a Pemda must carry increasing times, whichever replica
 * computed them.
 */
async function lockPemdaYear(tx: EntityManager, target: { pemdaCode: string; year: number }): Promise<Date> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('scoring.pemda-score'), hashtext($1))`, [
    `${target.pemdaCode}/${target.year}`,
  ]);
  const [{ now }]: { now: Date }[] = await tx.query(`SELECT clock_timestamp() AS now`);
  return now;
}
