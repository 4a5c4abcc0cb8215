import type { AggregateUpdatedV1 } from '@mcp/contracts';
import { applyScoreDelta, bandsOf, Decimal, type ScoreDelta } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { asOfInstant } from '../as-of';
import { RegionAggregateRepository } from './region-aggregate.repository';
import { aggregateUpdatedOf } from './region-average';
import { regionAverageView, type RegionAverageView } from './region-average.view';
import { inLockOrder, regionMemberships, type Region, type RegionMembership } from './regions';

/** How much one region's sums move: the sum of the score deltas of its Pemda that changed, and the decisions that moved them. */
export interface RegionDelta {
  region: Region;
  delta: ScoreDelta;
  /** Named on the region's AggregateUpdated (docs/decisions.md #92); empty for a framework revision. */
  decisionIds: readonly string[];
}

@Injectable()
export class RegionAggregatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly aggregates: RegionAggregateRepository,
  ) {}

  /**
   * Runs in the caller's transaction: moves each region by its delta (never a rescan of every
   * Pemda), keeps the new states in the history, and returns the regions' events, in lock order.
   * `at` is the time of the Pemda score changes, so an "as of" query sees both change together.
   */
  async applyDeltas(tx: EntityManager, year: number, deltas: readonly RegionDelta[], at: Date): Promise<AggregateUpdatedV1[]> {
    await this.openYear(tx, year);
    const updated: AggregateUpdatedV1[] = [];
    for (const { region, delta, decisionIds } of inLockOrder(deltas)) {
      const stored = await this.aggregates.lockForUpdate(tx, region.code, year);
      if (!stored) throw new Error(`Agregat ${region.code} tahun ${year} tidak ada (region aggregate row missing)`);
      const saved = await this.aggregates.save(tx, region.code, year, applyScoreDelta(stored, delta), at);
      updated.push(aggregateUpdatedOf(saved.totals, saved.updatedAt, decisionIds));
    }
    return updated;
  }

  /**
   * What GET /v1/scores/regions/:regionCode answers, now or as of an instant (the last change at
   * or before it). A region nobody has scored in yet averages 0.
   */
  async averageFor(regionCode: string, year: number, asOf?: string): Promise<RegionAverageView> {
    const region = await this.membershipOf(regionCode);
    const { framework } = await this.referenceData.requireFramework(year);
    const at = asOfInstant(asOf, framework.timeZone);
    const db = this.dataSource.manager;
    const stored =
      at === null ? await this.aggregates.current(db, regionCode, year) : await this.aggregates.asOf(db, regionCode, year, at);
    const aggregate = stored ?? { sum: new Decimal(0), areaSums: new Map(), pemdaCount: region.pemdaCount };
    const totals = { regionCode, regionKind: region.kind, year, aggregate };
    return regionAverageView(totals, framework, bandsOf(framework), at);
  }

  /** The first score change of a year creates every region's row, so each average is over all Pemda from the start. */
  private async openYear(tx: EntityManager, year: number): Promise<void> {
    if (await this.aggregates.isOpen(tx, year)) return;
    await this.aggregates.open(tx, year, [...regionMemberships(await this.referenceData.allPemda()).values()]);
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
