import { AggregateUpdated, ScoreUpdated } from '@mcp/contracts';
import {
  addScoreDeltas,
  claimedValuesOf,
  computeClaimedScore,
  computePemdaScore,
  scoreDelta,
  unscorableValues,
  verifiedValuesOf,
  type Framework,
  type ScoreDelta,
} from '@mcp/mcp-domain';
import { OutboxWriter } from '@mcp/messaging';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { scoreUpdatedOf } from '../decisions/decision-scoring';
import { lockPemdaYear } from '../decisions/decisions.service';
import { SubIndicatorValuesService } from '../decisions/sub-indicator-values.service';
import { PemdaScoresService } from '../pemda-scores/pemda-scores.service';
import { RegionAggregatesService } from '../region-aggregates/region-aggregates.service';
import { regionsOfPemda, type Region } from '../region-aggregates/regions';

const LISTED_MISFITS = 20;

/**
 * Moves a year's scores to a newly published framework revision, in the publishing transaction
 * (which holds the year lock, so no decision interleaves): every Pemda with decisions is re-scored
 * against the revision; each region's aggregate moves once, by the sum of its Pemda's deltas.
 */
@Injectable()
export class YearRescoring {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly values: SubIndicatorValuesService,
    private readonly pemdaScores: PemdaScoresService,
    private readonly regionAggregates: RegionAggregatesService,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Refuses (409) a revision that cannot score a decision already in force (a removed
   * sub-indicator, a rubric without that value): publishing it would drop verified values silently.
   */
  async assertFits(manager: EntityManager, framework: Framework): Promise<void> {
    const misfits: string[] = [];
    for (const pemdaCode of await this.values.decidedPemda(manager, framework.year)) {
      const inForce = (await this.values.inForce(manager, pemdaCode, framework.year)).values();
      for (const misfit of unscorableValues(framework, verifiedValuesOf(inForce))) {
        misfits.push(`Pemda ${pemdaCode}: ${misfit.message}`);
      }
    }
    if (misfits.length === 0) return;
    const listed = misfits.slice(0, LISTED_MISFITS).join('; ');
    const more = misfits.length > LISTED_MISFITS ? `; dan ${misfits.length - LISTED_MISFITS} lagi` : '';
    throw new DomainError(
      'conflict',
      'FRAMEWORK_DOES_NOT_FIT_DECISIONS',
      `Revisi ini tidak dapat menilai ${misfits.length} keputusan yang sudah berlaku: ${listed}${more} ` +
        `(the revision cannot score decisions already in force)`,
    );
  }

  async rescore(manager: EntityManager, framework: Framework): Promise<number> {
    const year = framework.year;
    const regionDeltas = new Map<string, { region: Region; delta: ScoreDelta }>();
    const pemdaCodes = await this.values.decidedPemda(manager, year);
    for (const pemdaCode of pemdaCodes) {
      const pemda = await this.referenceData.findPemda(pemdaCode);
      if (pemda) await this.rescorePemda(manager, framework, pemda, regionDeltas);
    }
    // Sorted like regionsOfPemda orders them per Pemda: provinces, wilayah, then national.
    const ordered = [...regionDeltas.values()].sort(
      (a, b) => regionRank(a.region) - regionRank(b.region) || (a.region.code < b.region.code ? -1 : 1),
    );
    const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
    for (const { region, delta } of ordered) {
      for (const aggregate of await this.regionAggregates.applyDelta(manager, [region], year, delta, now)) {
        await this.outbox.enqueue(manager, AggregateUpdated, aggregate);
      }
    }
    return pemdaCodes.length;
  }

  private async rescorePemda(
    manager: EntityManager,
    framework: Framework,
    pemda: PemdaRecord,
    regionDeltas: Map<string, { region: Region; delta: ScoreDelta }>,
  ): Promise<void> {
    const now = await lockPemdaYear(manager, { pemdaCode: pemda.code, year: framework.year });
    const inForce = [...(await this.values.inForce(manager, pemda.code, framework.year)).values()];
    const score = computePemdaScore(framework, verifiedValuesOf(inForce));
    const [{ caused_by }]: { caused_by: string }[] = await manager.query(
      `SELECT caused_by_decision_id AS caused_by FROM "scoring"."pemda_score" WHERE pemda_code = $1 AND year = $2`,
      [pemda.code, framework.year],
    );
    const previous = await this.pemdaScores.replace(manager, {
      pemdaCode: pemda.code,
      year: framework.year,
      framework,
      score,
      claimed: computeClaimedScore(framework, claimedValuesOf(inForce)),
      cause: 'framework-revision',
      causedByDecisionId: caused_by,
      now,
    });
    await this.outbox.enqueue(
      manager,
      ScoreUpdated,
      scoreUpdatedOf({
        pemda,
        year: framework.year,
        frameworkRevision: framework.revision,
        score,
        previousTotal: previous?.total ?? null,
        causedByDecisionId: caused_by,
        computedAt: now,
      }),
    );
    const delta = scoreDelta(previous, score);
    for (const region of regionsOfPemda(pemda)) {
      const entry = regionDeltas.get(region.code);
      regionDeltas.set(region.code, { region, delta: entry ? addScoreDeltas(entry.delta, delta) : delta });
    }
  }
}

const RANKS = { province: 0, wilayah: 1, national: 2 } as const;

function regionRank(region: Region): number {
  return RANKS[region.kind];
}
