import type { AggregateUpdatedV1, RegionKind } from '@mcp/contracts';
import { Decimal } from '@mcp/mcp-domain';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { decimalText } from '../decimal-text';
import { requireFrameworkYear } from '../known-references';
import { aggregateUpdatedOf, type RegionTotals } from './region-average';
import { regionAverageView, type RegionAverageView } from './region-average.view';
import { RegionAggregateRecord } from './region-aggregate.entity';
import { NATIONAL_REGION, regionMemberships, regionsOfPemda, type RegionMembership } from './regions';

interface UpdatedRegionRow {
  region_code: string;
  region_kind: RegionKind;
  score_sum: string;
  pemda_count: number;
  updated_at: Date;
}

@Injectable()
export class RegionAggregatesService {
  constructor(
    @InjectRepository(RegionAggregateRecord) private readonly aggregates: Repository<RegionAggregateRecord>,
    private readonly referenceData: ReferenceData,
  ) {}

  /**
   * Runs in the decision's transaction: adds the Pemda's score change to its province, wilayah and
   * the nation, by delta (never a rescan of every Pemda), and returns the three regions' new state.
   */
  async applyScoreChange(
    manager: EntityManager,
    pemda: PemdaRecord,
    year: number,
    delta: Decimal,
  ): Promise<AggregateUpdatedV1[]> {
    await this.openYear(manager, year);
    const updated: AggregateUpdatedV1[] = [];
    // Sequential and in regionsOfPemda's fixed order: the row locks are always taken the same way.
    for (const region of regionsOfPemda(pemda)) {
      // The time is read under the row lock and never goes back, so a region's events carry
      // increasing times in commit order (reporting keeps the newest figure by this time).
      // TypeORM's postgres driver answers an UPDATE with [rows, rowCount].
      const [rows]: [UpdatedRegionRow[], number] = await manager.query(
        `UPDATE "scoring"."region_aggregate"
         SET score_sum = score_sum + $3::numeric, updated_at = greatest(clock_timestamp(), updated_at)
         WHERE region_code = $1 AND year = $2
         RETURNING region_code, region_kind, score_sum, pemda_count, updated_at`,
        [region.code, year, decimalText(delta)],
      );
      if (rows.length !== 1) {
        throw new Error(`Agregat ${region.code} tahun ${year} tidak ada (region aggregate row missing)`);
      }
      updated.push(aggregateUpdatedOf(totalsOf(rows[0], year), rows[0].updated_at));
    }
    return updated;
  }

  /** What GET /v1/scores/regions/:regionCode answers; a region nobody has scored in yet averages 0. */
  async averageFor(regionCode: string, year: number): Promise<RegionAverageView> {
    const region = await this.membershipOf(regionCode);
    await requireFrameworkYear(this.referenceData, year);
    const stored = await this.aggregates.findOneBy({ regionCode, year });
    return regionAverageView({
      regionCode,
      regionKind: region.kind,
      year,
      scoreSum: new Decimal(stored?.scoreSum ?? 0),
      pemdaCount: stored?.pemdaCount ?? region.pemdaCount,
    });
  }

  /**
   * The first decision of a year creates every region's row at 0 with its full Pemda count, so each
   * average is over all Pemda from the start. Rows are inserted in code order and a concurrent
   * first decision waits on the same first row, then inserts nothing.
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

function totalsOf(row: UpdatedRegionRow, year: number): RegionTotals {
  return {
    regionCode: row.region_code,
    regionKind: row.region_kind,
    year,
    scoreSum: new Decimal(row.score_sum),
    pemdaCount: row.pemda_count,
  };
}
