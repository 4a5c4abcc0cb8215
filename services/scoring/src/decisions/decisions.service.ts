import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RescorePemda } from '../pemda-scores/rescore-pemda.usecase';
import { loggedDecisionIds } from '../sub-indicator-values/decision-log.repository';
import { SubIndicatorValueRepository } from '../sub-indicator-values/sub-indicator-value.repository';
import { lockYearShared } from '../years/year-lock';
import { currentFramework, lockPemdaYearsAndReadYear } from './current-framework';
import { closedYearRefusal, requireDecisionFramework, requireDecisionPemda, requireDecisionSubIndicator } from './decision-scoring';
import { RefuseDecision } from './refuse-decision';

/** A decision as its event brought it: the event id answers a refusal. */
export interface ReceivedDecision {
  decision: EvidenceVerifiedV1;
  eventId: string;
}

@Injectable()
export class DecisionsService {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly values: SubIndicatorValueRepository,
    private readonly rescorePemda: RescorePemda,
    private readonly refuseDecision: RefuseDecision,
  ) {}

  /**
   * Runs inside the inbox transaction of a batch of decision events (docs/decisions.md #79): the
   * logged decisions, the values in force, each touched Pemda's score re-computed once with its
   * history, each touched region moved once by the sum of its Pemda's deltas, and the outgoing
   * events commit with the event ids, or none of them does. A decision on a closed year is refused
   * with the reason instead (docs/decisions.md #74): nothing of the scores changes. Any decision
   * that cannot be scored throws, failing the batch; the inbox then applies the events one at a
   * time, so the others still count and only that one is dead-lettered or waits.
   */
  async applyDecisions(received: readonly ReceivedDecision[], tx: EntityManager): Promise<void> {
    const pemdaByCode = new Map<string, PemdaRecord>();
    for (const { decision } of received) {
      pemdaByCode.set(decision.pemdaCode, requireDecisionPemda(await this.referenceData.findPemda(decision.pemdaCode, tx), decision));
    }
    // Years in ascending order, like every lock here: two batches never wait on each other in a cycle.
    const years = [...new Set(received.map(({ decision }) => decision.year))].sort((a, b) => a - b);
    for (const year of years) {
      await this.applyYear(
        tx,
        year,
        received.filter(({ decision }) => decision.year === year),
        pemdaByCode,
      );
    }
  }

  /**
   * The batch's Pemda with the wilayah the database holds under the year lock: a re-seeded mapping
   * reaches this replica's cache by a change notice a moment after its commit, and a batch that read
   * the cache before would move the old wilayah after the realignment had already run (#138).
   */
  private async pemdaAsStored(
    cached: ReadonlyMap<string, PemdaRecord>,
    wilayahOf: Readonly<Record<string, string>>,
    tx: EntityManager,
  ): Promise<ReadonlyMap<string, PemdaRecord>> {
    if ([...cached.values()].every((pemda) => wilayahOf[pemda.code] === undefined || wilayahOf[pemda.code] === pemda.wilayah)) return cached;
    this.referenceData.invalidate();
    const fresh = new Map<string, PemdaRecord>();
    for (const [code, pemda] of cached) fresh.set(code, (await this.referenceData.findPemda(code, tx)) ?? pemda);
    return fresh;
  }

  private async applyYear(
    tx: EntityManager,
    year: number,
    received: readonly ReceivedDecision[],
    pemdaByCode: ReadonlyMap<string, PemdaRecord>,
  ): Promise<void> {
    await lockYearShared(tx, year);
    const { closed, latestRevision, wilayahOf, at } = await lockPemdaYearsAndReadYear(tx, year, received.map(({ decision }) => decision.pemdaCode));
    if (closed) {
      // One applied while the year was open is in its final score: delivered again (under another
      // event id, or after the inbox forgot it and offsets were reset) it is no late decision.
      const applied = await loggedDecisionIds(tx, received.map(({ decision }) => decision.decisionId));
      for (const { decision, eventId } of received) {
        if (applied.has(decision.decisionId.toLowerCase())) continue;
        await this.refuseDecision.execute(tx, decision, eventId, closedYearRefusal(closed, decision) as string);
      }
      return;
    }
    const decisions = received.map(({ decision }) => decision);
    const framework = requireDecisionFramework(await currentFramework(this.referenceData, year, latestRevision, tx), decisions[0]);
    for (const decision of decisions) requireDecisionSubIndicator(framework, decision);
    const inForce = await this.values.logAndRecordNewest(tx, decisions, at);
    if (inForce.length === 0) return;
    // Each Pemda's decisions that came into force, in offset order: its regions' aggregates name them
    // all (docs/decisions.md #92), its new score is credited to the last.
    const changedIds = new Set(inForce.map((decision) => decision.decisionId));
    const decisionIdsByPemda = new Map<string, string[]>();
    for (const decision of decisions) {
      if (!changedIds.has(decision.decisionId)) continue;
      const ofPemda = decisionIdsByPemda.get(decision.pemdaCode) ?? [];
      ofPemda.push(decision.decisionId);
      decisionIdsByPemda.set(decision.pemdaCode, ofPemda);
    }
    const pemdaNow = await this.pemdaAsStored(pemdaByCode, wilayahOf, tx);
    await this.rescorePemda.execute(tx, {
      framework: framework.framework,
      pemdaList: [...decisionIdsByPemda.keys()].sort().map((code) => pemdaNow.get(code) as PemdaRecord),
      cause: { kind: 'decision', decisionIdsByPemda },
      at,
    });
  }
}
