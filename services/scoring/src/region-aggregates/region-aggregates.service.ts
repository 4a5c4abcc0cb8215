import type { AggregateUpdatedV1, RegionKind } from '@mcp/contracts';
import { applyScoreDelta, bandsOf, Decimal, type RegionAggregate, type ScoreDelta } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { decimalText } from '../decimal-text';
import { asOfInstant } from '../as-of';
import { requireFrameworkYear } from '../known-references';
import { aggregateUpdatedOf, areaSumsFromJson, areaSumsToJson, type RegionTotals } from './region-average';
import { regionAverageView, type RegionAverageView } from './region-average.view';
import { RegionAggregateRecord } from './region-aggregate.entity';
import { NATIONAL_REGION, regionMemberships, type Region, type RegionMembership } from './regions';

interface StoredRegionRow {
  region_code: string;
  region_kind: RegionKind;
  score_sum: string;
  area_sums: Record<string, string>;
  pemda_count: number;
  updated_at: Date;
}

@Injectable()
export class RegionAggregatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
  ) {}

  /**
   * Runs in the caller's transaction: adds one score change to each region, by delta (never a
   * rescan of every Pemda), keeps the new state in the history, and returns the regions' events.
   * Callers pass regions in regionsOfPemda's fixed order, so row locks are always taken the same way.
   * `at` is the time of the Pemda score change, so an "as of" query sees both change together.
   */
  async applyDelta(
    manager: EntityManager,
    regions: readonly Region[],
    year: number,
    delta: ScoreDelta,
    at: Date,
  ): Promise<AggregateUpdatedV1[]> {
    await this.openYear(manager, year);
    const updated: AggregateUpdatedV1[] = [];
    for (const region of regions) updated.push(await this.applyToRegion(manager, region.code, year, delta, at));
    return updated;
  }

  private async applyToRegion(
    manager: EntityManager,
    regionCode: string,
    year: number,
    delta: ScoreDelta,
    at: Date,
  ): Promise<AggregateUpdatedV1> {
    const [row]: StoredRegionRow[] = await manager.query(
      `SELECT region_code, region_kind, score_sum, area_sums, pemda_count, updated_at
       FROM "scoring"."region_aggregate" WHERE region_code = $1 AND year = $2 FOR UPDATE`,
      [regionCode, year],
    );
    if (!row) throw new Error(`Agregat ${regionCode} tahun ${year} tidak ada (region aggregate row missing)`);
    const aggregate = applyScoreDelta(aggregateOf(row), delta);
    // Under the row lock the time never goes back, so a region's events carry increasing times in
    // commit order (reporting keeps the newest figure by this time).
    const [[saved]]: [StoredRegionRow[], number] = await manager.query(
      `UPDATE "scoring"."region_aggregate"
       SET score_sum = $3, area_sums = $4, updated_at = greatest($5::timestamptz, updated_at)
       WHERE region_code = $1 AND year = $2
       RETURNING region_code, region_kind, score_sum, area_sums, pemda_count, updated_at`,
      [regionCode, year, decimalText(aggregate.sum), areaSumsToJson(aggregate.areaSums), at],
    );
    await manager.query(
      `INSERT INTO "scoring"."region_aggregate_history" (region_code, year, score_sum, area_sums, pemda_count, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [regionCode, year, saved.score_sum, saved.area_sums, saved.pemda_count, saved.updated_at],
    );
    return aggregateUpdatedOf(totalsOf(saved, year), saved.updated_at);
  }

  /**
   * What GET /v1/scores/regions/:regionCode answers, now or as of an instant (the last change at
   * or before it). A region nobody has scored in yet averages 0.
   */
  async averageFor(regionCode: string, year: number, asOf?: string): Promise<RegionAverageView> {
    const region = await this.membershipOf(regionCode);
    const { framework } = await requireFrameworkYear(this.referenceData, year);
    const at = asOfInstant(asOf, framework.timeZone);
    const row = at === null ? await this.current(regionCode, year) : await this.asOf(regionCode, year, at);
    const aggregate: RegionAggregate = row
      ? aggregateOf(row)
      : { sum: new Decimal(0), areaSums: new Map(), pemdaCount: region.pemdaCount };
    const totals = { regionCode, regionKind: region.kind, year, aggregate };
    return regionAverageView(totals, framework, bandsOf(framework), at);
  }

  /** Every region's stored aggregate for a year, for the recompute's comparison. */
  async allFor(year: number, manager: EntityManager = this.dataSource.manager): Promise<Map<string, RegionAggregate>> {
    const rows: StoredRegionRow[] = await manager.query(
      `SELECT region_code, region_kind, score_sum, area_sums, pemda_count, updated_at
       FROM "scoring"."region_aggregate" WHERE year = $1`,
      [year],
    );
    return new Map(rows.map((row) => [row.region_code, aggregateOf(row)]));
  }

  private async current(regionCode: string, year: number): Promise<StoredRegionRow | undefined> {
    const [row]: StoredRegionRow[] = await this.dataSource.query(
      `SELECT region_code, region_kind, score_sum, area_sums, pemda_count, updated_at
       FROM "scoring"."region_aggregate" WHERE region_code = $1 AND year = $2`,
      [regionCode, year],
    );
    return row;
  }

  private async asOf(regionCode: string, year: number, at: Date): Promise<StoredRegionRow | undefined> {
    const [row]: StoredRegionRow[] = await this.dataSource.query(
      `SELECT region_code, score_sum, area_sums, pemda_count, changed_at AS updated_at
       FROM "scoring"."region_aggregate_history"
       WHERE region_code = $1 AND year = $2 AND changed_at <= $3
       ORDER BY changed_at DESC, id DESC LIMIT 1`,
      [regionCode, year, at],
    );
    return row;
  }

  /**
   * The first score change of a year creates every region's row at 0 with its full Pemda count, so
   * each average is over all Pemda from the start. Rows are inserted in code order and a concurrent
   * first change waits on the same first row, then inserts nothing.
   */
  private async openYear(manager: EntityManager, year: number): Promise<void> {
    const opened = await manager.findOne(RegionAggregateRecord, { where: { regionCode: NATIONAL_REGION, year } });
    if (opened) return;
    const memberships = [...regionMemberships(await this.referenceData.allPemda()).values()];
    await manager
      .createQueryBuilder()
      .insert()
      .into(RegionAggregateRecord)
      .values(
        memberships
          .sort((a, b) => (a.code < b.code ? -1 : 1))
          .map((region) => ({ regionCode: region.code, regionKind: region.kind, year, pemdaCount: region.pemdaCount })),
      )
      .orIgnore()
      .execute();
  }

  private async membershipOf(regionCode: string): Promise<RegionMembership> {
    const region = regionMemberships(await this.referenceData.allPemda()).get(regionCode);
    if (!region) {
      throw new DomainError(
        'not-found',
        'UNKNOWN_REGION',
        `Wilayah ${regionCode} tidak dikenal: gunakan kode provinsi (mis. 32), wilayah-I … wilayah-V, atau national ` +
          `(unknown region ${regionCode}: use a province code, wilayah-I … wilayah-V, or national)`,
      );
    }
    return region;
  }
}

function aggregateOf(row: Pick<StoredRegionRow, 'score_sum' | 'area_sums' | 'pemda_count'>): RegionAggregate {
  return { sum: new Decimal(row.score_sum), areaSums: areaSumsFromJson(row.area_sums), pemdaCount: row.pemda_count };
}

function totalsOf(row: StoredRegionRow, year: number): RegionTotals {
  return { regionCode: row.region_code, regionKind: row.region_kind, year, aggregate: aggregateOf(row) };
}
