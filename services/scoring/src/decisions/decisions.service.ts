import { AggregateUpdated, ScoreUpdated, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PemdaScoresService } from '../pemda-scores/pemda-scores.service';
import { scoreDelta } from '../region-aggregates/region-average';
import { RegionAggregatesService } from '../region-aggregates/region-aggregates.service';
import {
  requireDecisionFramework,
  requireDecisionPemda,
  requireDecisionSubIndicator,
  scoreAgainst,
  scoreUpdatedOf,
} from './decision-scoring';
import { SubIndicatorValuesService } from './sub-indicator-values.service';

@Injectable()
export class DecisionsService {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly values: SubIndicatorValuesService,
    private readonly pemdaScores: PemdaScoresService,
    private readonly regionAggregates: RegionAggregatesService,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Runs inside the inbox transaction of the decision event: the value, the Pemda score, the three
   * aggregates and the four outgoing events commit with the event id, or none of them does.
   */
  async applyDecision(event: McpEvent<EvidenceVerifiedV1>, manager: EntityManager): Promise<void> {
    const decision = event.data;
    const pemda = requireDecisionPemda(await this.referenceData.findPemda(decision.pemdaCode), decision);
    const framework = requireDecisionFramework(await this.referenceData.frameworkFor(decision.year), decision);
    requireDecisionSubIndicator(framework, decision);
    const now = await lockPemdaYear(manager, decision);
    if (!(await this.values.recordIfNewer(manager, decision, now))) return;
    const verifiedValues = await this.values.verifiedValues(manager, decision.pemdaCode, decision.year);
    const score = scoreAgainst(framework, verifiedValues);
    const previousTotal = await this.pemdaScores.replace(manager, {
      pemdaCode: pemda.code,
      year: decision.year,
      framework,
      score,
      causedByDecisionId: decision.decisionId,
      now,
    });
    const delta = scoreDelta(previousTotal, score.total);
    const aggregates = await this.regionAggregates.applyScoreChange(manager, pemda, decision.year, delta);
    await this.outbox.enqueue(
      manager,
      ScoreUpdated,
      scoreUpdatedOf({
        pemda,
        year: decision.year,
        frameworkRevision: framework.framework.revision,
        score,
        previousTotal,
        causedByDecisionId: decision.decisionId,
        computedAt: now,
      }),
    );
    for (const aggregate of aggregates) await this.outbox.enqueue(manager, AggregateUpdated, aggregate);
  }
}

/**
 * Serialises decisions on one Pemda and year (e.g. two replicas during a rebalance): each one reads
 * the values and the previous total only after the other has committed. Two-key form, so it can
 * never collide with the outbox relay's single-key lock. Returns the database clock read under the
 * lock: consumers such as reporting keep the newest score by its time, so successive scores of a
 * Pemda must carry increasing times, whichever replica computed them.
 */
async function lockPemdaYear(manager: EntityManager, decision: EvidenceVerifiedV1): Promise<Date> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('scoring.pemda-score'), hashtext($1))`, [
    `${decision.pemdaCode}/${decision.year}`,
  ]);
  const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
  return now;
}
