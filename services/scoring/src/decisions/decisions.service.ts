import { AggregateUpdated, ScoreUpdated, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { claimedValuesOf, computeClaimedScore, scoreDelta, verifiedValuesOf } from '@mcp/mcp-domain';
import { OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { currentFramework } from '../known-references';
import { PemdaScoresService } from '../pemda-scores/pemda-scores.service';
import { RegionAggregatesService } from '../region-aggregates/region-aggregates.service';
import { regionsOfPemda } from '../region-aggregates/regions';
import { closedYear, lockYearShared } from '../years/year-lock';
import {
  requireDecisionFramework,
  requireDecisionPemda,
  requireDecisionSubIndicator,
  requireOpenYear,
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
   * Runs inside the inbox transaction of the decision event: the logged decision, the value in
   * force, the Pemda score and its history, the three aggregates and the four outgoing events
   * commit with the event id, or none of them does.
   */
  async applyDecision(event: McpEvent<EvidenceVerifiedV1>, manager: EntityManager): Promise<void> {
    const decision = event.data;
    const pemda = requireDecisionPemda(await this.referenceData.findPemda(decision.pemdaCode), decision);
    await lockYearShared(manager, decision.year);
    requireOpenYear(await closedYear(manager, decision.year), decision);
    const framework = requireDecisionFramework(
      await currentFramework(this.referenceData, manager, decision.year),
      decision,
    );
    requireDecisionSubIndicator(framework, decision);
    const now = await lockPemdaYear(manager, decision);
    await this.values.log(manager, decision, now);
    if (!(await this.values.recordIfNewer(manager, decision, now))) return;
    const inForce = [...(await this.values.inForce(manager, decision.pemdaCode, decision.year)).values()];
    const score = scoreAgainst(framework, verifiedValuesOf(inForce));
    const previous = await this.pemdaScores.replace(manager, {
      pemdaCode: pemda.code,
      year: decision.year,
      framework: framework.framework,
      score,
      claimed: computeClaimedScore(framework.framework, claimedValuesOf(inForce)),
      cause: 'decision',
      causedByDecisionId: decision.decisionId,
      now,
    });
    const aggregates = await this.regionAggregates.applyDelta(
      manager,
      regionsOfPemda(pemda),
      decision.year,
      scoreDelta(previous, score),
      now,
    );
    await this.outbox.enqueue(
      manager,
      ScoreUpdated,
      scoreUpdatedOf({
        pemda,
        year: decision.year,
        frameworkRevision: framework.framework.revision,
        score,
        previousTotal: previous?.total ?? null,
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
 * lock: consumers such as reporting keep the newest score by its time, and "as of" queries read the
 * history by it, so successive scores of a Pemda must carry increasing times, whichever replica
 * computed them.
 */
export async function lockPemdaYear(
  manager: EntityManager,
  target: { pemdaCode: string; year: number },
): Promise<Date> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('scoring.pemda-score'), hashtext($1))`, [
    `${target.pemdaCode}/${target.year}`,
  ]);
  const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
  return now;
}
