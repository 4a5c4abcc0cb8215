import {
  aggregatesFromScratch,
  Decimal,
  openAggregate,
  recomputePemda,
  sameAggregate,
  type PemdaScore,
  type RegionAggregate,
} from '@mcp/mcp-domain';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import type { DataSource } from 'typeorm';
import { decisionRowsToDomain, type DecisionRow } from '../decisions/decision-rows';
import { decimalText } from '../decimal-text';
import type { StoredAreaScore } from '../pemda-scores/pemda-score.entity';
import { areaSumsFromJson, areaSumsToJson } from '../region-aggregates/region-average';
import { regionMemberships, regionsOfPemda } from '../region-aggregates/regions';

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

interface StoredPemdaScore {
  framework_revision: number;
  total: string;
  areas: StoredAreaScore[];
  claimed_total: string;
  decisions_in_force: string[];
}

/**
 * Recomputes every score of a year from the decisions as received (decision_log: every decision,
 * any order) with the pure functions of mcp-domain, and lists every difference from what the
 * service maintained incrementally: each Pemda's revision, total, area scores, claimed total and
 * decisions in force, and each region's sum, area sums and Pemda count. Reads only.
 */
export async function recomputeYear(
  dataSource: DataSource,
  year: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<RecomputeReport> {
  const referenceData = new ReferenceData(dataSource, 'scoring');
  const record = await referenceData.frameworkFor(year);
  if (!record) throw new Error(`Kerangka MCP tahun ${year} tidak tersedia (no framework for ${year})`);
  const framework = record.framework;
  const pemdaList = await referenceData.allPemda();
  const differences: RecomputeDifference[] = [];
  const scores: { regionCodes: string[]; score: PemdaScore }[] = [];
  let decisionsRead = 0;
  for (const [i, pemda] of pemdaList.entries()) {
    const decisions = await decisionsOf(dataSource, pemda.code, year);
    decisionsRead += decisions.length;
    const stored = await storedScoreOf(dataSource, pemda.code, year);
    if (decisions.length > 0 || stored) {
      const recomputed = recomputePemda(framework, decisionRowsToDomain(decisions));
      differences.push(...comparePemda(pemda, stored, recomputed, framework.revision));
      scores.push({ regionCodes: regionsOfPemda(pemda).map((region) => region.code), score: recomputed.score });
    }
    onProgress(i + 1, pemdaList.length);
  }
  const counts = new Map([...regionMemberships(pemdaList).values()].map((region) => [region.code, region.pemdaCount]));
  const regionDifferences = compareRegions(await storedAggregates(dataSource, year, counts), aggregatesFromScratch(scores, counts));
  return {
    year,
    frameworkRevision: framework.revision,
    pemdaChecked: pemdaList.length,
    decisionsRead,
    regionsChecked: counts.size,
    differences: [...differences, ...regionDifferences],
  };
}

async function decisionsOf(dataSource: DataSource, pemdaCode: string, year: number): Promise<DecisionRow[]> {
  return dataSource.query(
    `SELECT decision_id, sub_indicator_code, outcome, verified_value, claimed_value, sequence, evidence_ids, decided_at
     FROM "scoring"."decision_log" WHERE year = $1 AND pemda_code = $2`,
    [year, pemdaCode],
  );
}

async function storedScoreOf(dataSource: DataSource, pemdaCode: string, year: number): Promise<StoredPemdaScore | undefined> {
  const [row]: StoredPemdaScore[] = await dataSource.query(
    `SELECT s.framework_revision, s.total, s.areas, s.claimed_total,
       coalesce((SELECT array_agg(v.decision_id::text ORDER BY v.sub_indicator_code) FROM "scoring"."sub_indicator_value" v
                 WHERE v.pemda_code = s.pemda_code AND v.year = s.year), '{}') AS decisions_in_force
     FROM "scoring"."pemda_score" s WHERE s.pemda_code = $1 AND s.year = $2`,
    [pemdaCode, year],
  );
  return row;
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
  check('frameworkRevision', String(stored.framework_revision), String(revision), stored.framework_revision === revision);
  check('total', stored.total, decimalText(recomputed.score.total), recomputed.score.total.equals(stored.total));
  const storedAreas = new Map(stored.areas.map((area) => [area.code, area.score]));
  for (const area of recomputed.score.areas) {
    const storedArea = storedAreas.get(area.code) ?? '(tidak ada)';
    check(`areas.${area.code}`, storedArea, decimalText(area.score), storedAreas.has(area.code) && area.score.equals(storedArea));
  }
  check('claimedTotal', stored.claimed_total, decimalText(recomputed.claimed.total), recomputed.claimed.total.equals(stored.claimed_total));
  const inForce = [...recomputed.inForce.values()]
    .sort((a, b) => (a.subIndicatorCode < b.subIndicatorCode ? -1 : 1))
    .map((decision) => decision.decisionId);
  check('decisionsInForce', stored.decisions_in_force.join(','), inForce.join(','), stored.decisions_in_force.join(',') === inForce.join(','));
  return differences;
}

async function storedAggregates(
  dataSource: DataSource,
  year: number,
  counts: ReadonlyMap<string, number>,
): Promise<Map<string, RegionAggregate>> {
  const rows: { region_code: string; score_sum: string; area_sums: Record<string, string>; pemda_count: number }[] =
    await dataSource.query(
      `SELECT region_code, score_sum, area_sums, pemda_count FROM "scoring"."region_aggregate" WHERE year = $1`,
      [year],
    );
  const stored = new Map<string, RegionAggregate>(
    rows.map((row) => [
      row.region_code,
      { sum: new Decimal(row.score_sum), areaSums: areaSumsFromJson(row.area_sums), pemdaCount: row.pemda_count },
    ]),
  );
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
