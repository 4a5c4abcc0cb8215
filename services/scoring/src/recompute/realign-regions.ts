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

const pemdaScores = new PemdaScoreRepository();
const regionAggregates = new RegionAggregateRepository();

export interface RegionRealignment {
  year: number;
  /** The regions whose sums or Pemda count moved, in lock order. */
  regionCodes: string[];
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
    const regionCodes = await dataSource.transaction((tx) => realignYear(tx, year, pemdaList, memberships, outbox));
    if (regionCodes.length > 0) realigned.push({ year, regionCodes });
  }
  return realigned;
}

async function realignYear(
  tx: EntityManager,
  year: number,
  pemdaList: Awaited<ReturnType<ReferenceData['allPemda']>>,
  memberships: ReadonlyMap<string, RegionMembership>,
  outbox: OutboxWriter,
): Promise<string[]> {
  const at = await lockYearExclusive(tx, year);
  // Closed while this waited for the lock: its figures are final.
  const [closed] = await tx.query(`SELECT 1 FROM ${sqlTable(tx, 'closed_year')} WHERE year = $1`, [year]);
  if (closed) return [];
  const scores = await pemdaScores.findAll(tx, pemdaList.map((pemda) => pemda.code), year);
  const expected = aggregatesFromScratch(
    pemdaList.flatMap((pemda) => {
      const stored = scores.get(pemda.code);
      return stored ? [{ regionCodes: regionsOfPemda(pemda).map((region) => region.code), score: pemdaScoreOf(stored) }] : [];
    }),
    new Map([...memberships].map(([code, region]) => [code, region.pemdaCount])),
  );
  const ordered = inLockOrder([...memberships.values()].map((region) => ({ region })));
  const stored = await regionAggregates.lockAllForUpdate(tx, ordered.map(({ region }) => region.code), year);
  const moved = ordered.flatMap(({ region }) => {
    const aggregate = expected.get(region.code);
    const locked = stored.get(region.code);
    // A region without a row (a year opened before it existed) is opened by the year's next decision.
    if (!aggregate || !locked || sameAggregate(locked.aggregate, aggregate)) return [];
    const updatedAt = locked.updatedAt > at ? locked.updatedAt : at;
    const event = aggregateUpdatedOf({ regionCode: region.code, regionKind: region.kind, year, aggregate }, updatedAt);
    return [{ regionCode: region.code, aggregate, updatedAt, event }];
  });
  await regionAggregates.saveAll(tx, year, moved, (firstParameter) =>
    outbox.statementPart(tx, moved.map(({ event }) => outboxItem(AggregateUpdated, event)), { firstParameter }),
  );
  return moved.map(({ regionCode }) => regionCode);
}
