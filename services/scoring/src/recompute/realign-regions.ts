import { AggregateUpdated } from '@mcp/contracts';
import { aggregatesFromScratch, sameAggregate } from '@mcp/mcp-domain';
import { OutboxWriter, outboxItem } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { schemaOf, sqlTable } from '@mcp/service-runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { pemdaScoreOf } from '../pemda-scores/score-change';
import { PemdaScoreRepository } from '../pemda-scores/pemda-score.repository';
import { RegionAggregateRepository } from '../region-aggregates/region-aggregate.repository';
import { aggregateUpdatedOf } from '../region-aggregates/region-average';
import { inLockOrder, regionMemberships, regionsOfPemda, type RegionMembership } from '../region-aggregates/regions';
import { lockYearExclusive } from '../years/year-lock';
import { changeTimeAfter } from '../change-time';

const pemdaScores = new PemdaScoreRepository();
const regionAggregates = new RegionAggregateRepository();

export interface RegionRealignment {
  year: number;
  /** The regions whose sums or Pemda count moved, in lock order. */
  regionCodes: string[];
  /**
   * Regions with a row but no Pemda in today's mapping (a wilayah left without provinces): an
   * average over no Pemda has no meaning, so their rows keep their last figures, and are named.
   */
  withoutPemda: string[];
}

/**
 * After the wilayah mapping is edited and re-seeded (at migrate time, docs/decisions.md #138): the
 * regions are kept by deltas, each decision moving the wilayah its Pemda was in then, so a province
 * moved to another wilayah would stay counted in the old one. For every year not closed, under the
 * year's exclusive lock (no decision interleaves), each region is summed afresh from the stored
 * Pemda scores over today's memberships; a region that differs is stored with its new sums and
 * Pemda count, kept in the history and announced (AggregateUpdated, naming no decision). With an
 * unchanged mapping nothing differs (incremental == recompute), and nothing is written. A closed
 * year keeps its final figures, as they were closed.
 */
export async function realignRegionsToMapping(dataSource: DataSource): Promise<RegionRealignment[]> {
  const pemdaList = await new ReferenceData(dataSource).allPemda();
  const memberships = regionMemberships(pemdaList);
  const outbox = new OutboxWriter(schemaOf(dataSource), '/mcp/scoring');
  const years: { year: number }[] = await dataSource.query(
    `SELECT DISTINCT year FROM ${sqlTable(dataSource, 'region_aggregate')}
      WHERE year NOT IN (SELECT year FROM ${sqlTable(dataSource, 'closed_year')}) ORDER BY year`,
  );
  const realigned: RegionRealignment[] = [];
  for (const { year } of years) {
    const realignment = await dataSource.transaction((tx) => realignYear(tx, year, pemdaList, memberships, outbox));
    if (realignment.regionCodes.length + realignment.withoutPemda.length > 0) realigned.push({ year, ...realignment });
  }
  return realigned;
}

async function realignYear(
  tx: EntityManager,
  year: number,
  pemdaList: Awaited<ReturnType<ReferenceData['allPemda']>>,
  memberships: ReadonlyMap<string, RegionMembership>,
  outbox: OutboxWriter,
): Promise<Omit<RegionRealignment, 'year'>> {
  const at = await lockYearExclusive(tx, year);
  // Closed while this waited for the lock: its figures are final.
  const [closed] = await tx.query(`SELECT 1 FROM ${sqlTable(tx, 'closed_year')} WHERE year = $1`, [year]);
  if (closed) return { regionCodes: [], withoutPemda: [] };
  const scores = await pemdaScores.findAll(tx, pemdaList.map((pemda) => pemda.code), year);
  const expected = aggregatesFromScratch(
    pemdaList.flatMap((pemda) => {
      const stored = scores.get(pemda.code);
      return stored ? [{ regionCodes: regionsOfPemda(pemda).map((region) => region.code), score: pemdaScoreOf(stored) }] : [];
    }),
    new Map([...memberships].map(([code, region]) => [code, region.pemdaCount])),
  );
  // A region that had no Pemda when the year opened (a wilayah a province moved into) gets its
  // row here, at 0, and is then summed like the others.
  await regionAggregates.open(tx, year, [...memberships.values()]);
  const ordered = inLockOrder([...memberships.values()].map((region) => ({ region })));
  const stored = await regionAggregates.lockAllForUpdate(tx, ordered.map(({ region }) => region.code), year);
  const moved = ordered.flatMap(({ region }) => {
    const aggregate = expected.get(region.code);
    const locked = stored.get(region.code);
    if (!aggregate || !locked || sameAggregate(locked.aggregate, aggregate)) return [];
    const updatedAt = changeTimeAfter(locked.updatedAt, at);
    const event = aggregateUpdatedOf({ regionCode: region.code, regionKind: region.kind, year, aggregate }, updatedAt);
    return [{ regionCode: region.code, aggregate, updatedAt, event }];
  });
  await regionAggregates.saveAll(tx, year, moved, (firstParameter) =>
    outbox.statementPart(tx, moved.map(({ event }) => outboxItem(AggregateUpdated, event)), { firstParameter }),
  );
  const orphans: { region_code: string }[] = await tx.query(
    `SELECT region_code FROM ${sqlTable(tx, 'region_aggregate')} WHERE year = $1 AND NOT (region_code = ANY($2::text[])) ORDER BY region_code`,
    [year, [...memberships.keys()]],
  );
  return { regionCodes: moved.map(({ regionCode }) => regionCode), withoutPemda: orphans.map((row) => row.region_code) };
}
