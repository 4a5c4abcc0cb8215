import { ScoreSnapshot, ScoreUpdated, type ScoreUpdatedV1 } from '@mcp/contracts';
import {
  addScoreDeltas,
  claimedValuesOf,
  computeClaimedScore,
  scoreDelta,
  verifiedValuesOf,
  type Framework,
} from '@mcp/mcp-domain';
import { OutboxWriter, outboxItem } from '@mcp/messaging';
import type { PemdaRecord } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RegionAggregatesService, type RegionDelta } from '../region-aggregates/region-aggregates.service';
import { regionsOfPemda } from '../region-aggregates/regions';
import { SubIndicatorValueRepository } from '../sub-indicator-values/sub-indicator-value.repository';
import { changeTimeAfter } from '../change-time';
import type { PemdaScoreRecord } from './pemda-score.entity';
import { PemdaScoreRepository, type ScoreReplacement } from './pemda-score.repository';
import { pemdaScoreOf, scoreAgainst, scoreSnapshotOf, scoreUpdatedOf } from './score-change';

/**
 * A batch of decisions names, per Pemda it changed, the decisions that came into force, in the order
 * consumed: the last is the one its new score is credited to, and its regions' aggregates name all.
 */
export type RescoreCause =
  | { kind: 'decision'; decisionIdsByPemda: ReadonlyMap<string, readonly string[]> }
  | { kind: 'framework-revision' };

export interface RescorePemdaCommand {
  /** The revision to score against: the year's current one, or the one being published. */
  framework: Framework;
  /** The Pemda whose decisions changed (each once), or every Pemda of the year with decisions for a revision. */
  pemdaList: readonly PemdaRecord[];
  cause: RescoreCause;
  /**
   * The database clock read under the caller's lock. A change carries it, or 1 ms past its row's
   * time when that is not earlier (#196).
   */
  at: Date;
}

/**
 * The one place a Pemda's score changes: recomputes it from the decisions in force, stores it with
 * its history, announces ScoreUpdated, and moves each region the Pemda count in once, by the sum
 * of their deltas, announcing AggregateUpdated (RegionAggregatesService). Runs in the caller's transaction, under a lock
 * that keeps every other change of these scores out until commit (a decision's Pemda-year lock, a
 * revision's exclusive year lock), so what it reads in force is what it scores.
 */
@Injectable()
export class RescorePemda {
  constructor(
    private readonly values: SubIndicatorValueRepository,
    private readonly scores: PemdaScoreRepository,
    private readonly regionAggregates: RegionAggregatesService,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(tx: EntityManager, command: RescorePemdaCommand): Promise<void> {
    const { framework, at } = command;
    const year = framework.year;
    // Hundreds of Pemda at once for a batch of decisions or a revision (docs/decisions.md #79): each
    // step is one statement for them all, not one per Pemda.
    const codes = command.pemdaList.map((pemda) => pemda.code);
    const previousScores = await this.scores.findAll(tx, codes, year);
    const valuesInForce = await this.values.inForceOfAll(tx, codes, year);
    const replacements: ScoreReplacement[] = [];
    const updates: ScoreUpdatedV1[] = [];
    const regionDeltas = new Map<string, RegionDelta & { decisionIds: string[] }>();
    for (const pemda of command.pemdaList) {
      const previous = previousScores.get(pemda.code);
      const inForce = [...(valuesInForce.get(pemda.code)?.values() ?? [])];
      const score = scoreAgainst(framework, verifiedValuesOf(inForce));
      const causedByDecisionId = causingDecision(command.cause, pemda, previous);
      // Read under the Pemda's lock after the previous change committed, `at` can still be the same
      // millisecond as that change (#196).
      const computedAt = changeTimeAfter(previous?.updatedAt, at);
      replacements.push({
        pemdaCode: pemda.code,
        year,
        framework,
        score,
        claimed: computeClaimedScore(framework, claimedValuesOf(inForce)),
        cause: command.cause.kind,
        causedByDecisionId,
        at: computedAt,
      });
      const previousScore = previous ? pemdaScoreOf(previous) : null;
      updates.push(
        scoreUpdatedOf({
          pemda,
          year,
          frameworkRevision: framework.revision,
          score,
          previousTotal: previousScore?.total ?? null,
          causedByDecisionId,
          computedAt,
        }),
      );
      const delta = scoreDelta(previousScore, score);
      const decisionIds = command.cause.kind === 'decision' ? (command.cause.decisionIdsByPemda.get(pemda.code) ?? []) : [];
      for (const region of regionsOfPemda(pemda)) {
        const moved = regionDeltas.get(region.code);
        if (moved) {
          moved.delta = addScoreDeltas(moved.delta, delta);
          moved.decisionIds.push(...decisionIds);
        } else regionDeltas.set(region.code, { region, delta, decisionIds: [...decisionIds] });
      }
    }
    // The scores, their history and their events in one statement (docs/decisions.md #115); the
    // state beside the change, in the same transaction: the compacted topic never lags the
    // history. Before the region rows are locked.
    await this.scores.replaceAll(tx, replacements, (firstParameter) =>
      this.outbox.statementPart(
        tx,
        [
          ...updates.map((update) => outboxItem(ScoreUpdated, update)),
          ...updates.map((update) => outboxItem(ScoreSnapshot, scoreSnapshotOf(update))),
        ],
        { firstParameter },
      ),
    );
    await this.regionAggregates.applyDeltas(tx, year, [...regionDeltas.values()], at);
  }
}

/**
 * A revision changes no decision, so its scores keep naming the decision that last changed them;
 * a Pemda with decisions in force always has a score.
 */
function causingDecision(cause: RescoreCause, pemda: PemdaRecord, previous: PemdaScoreRecord | undefined): string {
  if (cause.kind === 'decision') {
    const decisionId = cause.decisionIdsByPemda.get(pemda.code)?.at(-1);
    if (!decisionId) throw new Error(`Pemda ${pemda.code} is re-scored for decisions without one of its own`);
    return decisionId;
  }
  if (!previous) throw new Error(`Pemda ${pemda.code} has decisions in force but no score to re-score`);
  return previous.causedByDecisionId;
}
