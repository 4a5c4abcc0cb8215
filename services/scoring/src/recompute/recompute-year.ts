import {
  aggregatesFromScratch,
  openAggregate,
  recomputePemda,
  sameAggregate,
  type PemdaScore,
  type RegionAggregate,
} from '@mcp/mcp-domain';
import { ReferenceData, type FrameworkRecord, type PemdaRecord } from '@mcp/reference-data';
import type { DataSource, EntityManager } from 'typeorm';
import { decimalText } from '../decimal-text';
import type { PemdaScoreRecord } from '../pemda-scores/pemda-score.entity';
import { PemdaScoreRepository } from '../pemda-scores/pemda-score.repository';
import { RegionAggregateRepository } from '../region-aggregates/region-aggregate.repository';
import { areaSumsToJson } from '../region-aggregates/region-average';
import { regionMemberships, regionsOfPemda } from '../region-aggregates/regions';
import { DecisionLogRepository } from '../sub-indicator-values/decision-log.repository';
import { SubIndicatorValueRepository } from '../sub-indicator-values/sub-indicator-value.repository';

export interface RecomputeDifference {
  /** `32.73` for a Pemda, a region code for an aggregate. */
  key: string;
  field: string;
  stored: string;
  recomputed: string;
}

export interface RecomputeReport {
  year: number;
  frameworkRevision: number;
  pemdaChecked: number;
  decisionsRead: number;
  regionsChecked: number;
  differences: RecomputeDifference[];
}

interface StoredPemdaScore extends Pick<PemdaScoreRecord, 'frameworkRevision' | 'total' | 'areas' | 'claimedTotal'> {
  /** Decision ids in sub-indicator code order. */
  decisionsInForce: string[];
}

/** The service's own data access; the recompute runs outside Nest, from a CLI or a test. */
const decisionLog = new DecisionLogRepository();
const values = new SubIndicatorValueRepository();
const pemdaScores = new PemdaScoreRepository();
const regionAggregates = new RegionAggregateRepository();

/**
 * Recomputes every score of a year from the decisions as received (decision_log: every decision,
 * any order) with the pure functions of mcp-domain, and lists every difference from what the
 * service maintained incrementally: each Pemda's revision, total, area scores, claimed total and
 * decisions in force, and each region's sum, area sums and Pemda count. Reads only, in one
 * snapshot. A closed year's regions keep the wilayah mapping they were closed with (#138), so after
 * a re-mapping they differ from this recompute, which groups by today's mapping.
 */
export async function recomputeYear(
  dataSource: DataSource,
  year: number,
  onProgress: (done: number, total: number) => void | Promise<void> = () => undefined,
): Promise<RecomputeReport> {
  const referenceData = new ReferenceData(dataSource);
  // One snapshot for every read, the framework's too: on a live platform a decision (or a
  // revision) committed between two reads would show as a difference (a total read before it, the
  // regions after), so auditors running this during a deadline rush got exit 1 for nothing.
  return dataSource.transaction('REPEATABLE READ', async (db) => {
    await db.query('SET TRANSACTION READ ONLY');
    const record = await referenceData.frameworkIn(db, year);
    if (!record) throw new Error(`Kerangka MCP tahun ${year} tidak tersedia (no framework for ${year})`);
    return recomputeIn(db, referenceData, year, record.framework, onProgress);
  });
}

async function recomputeIn(
  db: EntityManager,
  referenceData: ReferenceData,
  year: number,
  framework: FrameworkRecord['framework'],
  onProgress: (done: number, total: number) => void | Promise<void>,
): Promise<RecomputeReport> {
  const pemdaList = await referenceData.allPemdaIn(db);
  const differences: RecomputeDifference[] = [];
  const scores: { regionCodes: string[]; score: PemdaScore }[] = [];
  let decisionsRead = 0;
  for (const [i, pemda] of pemdaList.entries()) {
    const decisions = await decisionLog.decisionsOf(db, pemda.code, year);
    decisionsRead += decisions.length;
    const stored = await storedScoreOf(db, pemda.code, year);
    if (decisions.length > 0 || stored) {
      const recomputed = recomputePemda(framework, decisions);
      differences.push(...comparePemda(pemda, stored, recomputed, framework.revision));
      scores.push({ regionCodes: regionsOfPemda(pemda).map((region) => region.code), score: recomputed.score });
    }
    await onProgress(i + 1, pemdaList.length);
  }
  const counts = new Map([...regionMemberships(pemdaList).values()].map((region) => [region.code, region.pemdaCount]));
  const regionDifferences = compareRegions(await storedAggregates(db, year, counts), aggregatesFromScratch(scores, counts));
  return {
    year,
    frameworkRevision: framework.revision,
    pemdaChecked: pemdaList.length,
    decisionsRead,
    regionsChecked: counts.size,
    differences: [...differences, ...regionDifferences],
  };
}

async function storedScoreOf(db: EntityManager, pemdaCode: string, year: number): Promise<StoredPemdaScore | undefined> {
  const score = await pemdaScores.find(db, pemdaCode, year);
  if (!score) return undefined;
  return { ...score, decisionsInForce: inCodeOrder([...(await values.inForce(db, pemdaCode, year)).values()]) };
}

function inCodeOrder(decisions: { subIndicatorCode: string; decisionId: string }[]): string[] {
  return [...decisions]
    .sort((a, b) => (a.subIndicatorCode < b.subIndicatorCode ? -1 : 1))
    .map((decision) => decision.decisionId);
}

function comparePemda(
  pemda: PemdaRecord,
  stored: StoredPemdaScore | undefined,
  recomputed: ReturnType<typeof recomputePemda>,
  revision: number,
): RecomputeDifference[] {
  const differences: RecomputeDifference[] = [];
  const check = (field: string, storedValue: string, recomputedValue: string, same: boolean) => {
    if (!same) differences.push({ key: pemda.code, field, stored: storedValue, recomputed: recomputedValue });
  };
  if (!stored) {
    check('score', '(tidak ada)', decimalText(recomputed.score.total), false);
    return differences;
  }
  check('frameworkRevision', String(stored.frameworkRevision), String(revision), stored.frameworkRevision === revision);
  check('total', stored.total, decimalText(recomputed.score.total), recomputed.score.total.equals(stored.total));
  const storedAreas = new Map(stored.areas.map((area) => [area.code, area.score]));
  for (const area of recomputed.score.areas) {
    const storedArea = storedAreas.get(area.code) ?? '(tidak ada)';
    check(`areas.${area.code}`, storedArea, decimalText(area.score), storedAreas.has(area.code) && area.score.equals(storedArea));
  }
  check('claimedTotal', stored.claimedTotal, decimalText(recomputed.claimed.total), recomputed.claimed.total.equals(stored.claimedTotal));
  const storedInForce = stored.decisionsInForce.join(',');
  const recomputedInForce = inCodeOrder([...recomputed.inForce.values()]).join(',');
  check('decisionsInForce', storedInForce, recomputedInForce, storedInForce === recomputedInForce);
  return differences;
}

async function storedAggregates(
  db: EntityManager,
  year: number,
  counts: ReadonlyMap<string, number>,
): Promise<Map<string, RegionAggregate>> {
  const stored = await regionAggregates.allFor(db, year);
  // A year without any decision has no rows yet: every region then stands at 0.
  for (const [code, count] of counts) if (!stored.has(code)) stored.set(code, openAggregate(count));
  return stored;
}

function compareRegions(
  stored: ReadonlyMap<string, RegionAggregate>,
  recomputed: ReadonlyMap<string, RegionAggregate>,
): RecomputeDifference[] {
  const differences: RecomputeDifference[] = [];
  for (const [code, expected] of recomputed) {
    const actual = stored.get(code) as RegionAggregate;
    if (sameAggregate(actual, expected)) continue;
    differences.push({ key: code, field: 'aggregate', stored: describe(actual), recomputed: describe(expected) });
  }
  return differences;
}

function describe(aggregate: RegionAggregate): string {
  return JSON.stringify({ sum: decimalText(aggregate.sum), areaSums: areaSumsToJson(aggregate.areaSums), pemdaCount: aggregate.pemdaCount });
}
