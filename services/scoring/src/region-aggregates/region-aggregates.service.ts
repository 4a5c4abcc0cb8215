import { assertMayReadRegion, type AuthPrincipal } from '@mcp/auth';
import { AggregateUpdated, type AggregateUpdatedV1 } from '@mcp/contracts';
import { applyScoreDelta, bandsOf, Decimal, type ScoreDelta } from '@mcp/mcp-domain';
import { OutboxWriter, outboxItem } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { asOfInstant } from '../as-of';
import { changeTimeAfter } from '../change-time';
import { RegionAggregateRepository } from './region-aggregate.repository';
import { aggregateUpdatedOf } from './region-average';
import { regionAverageView, type RegionAverageView } from './region-average.view';
import { inLockOrder, regionMemberships, regionsOfPemda, type Region, type RegionMembership } from './regions';

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
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Runs in the caller's transaction: moves each region by its delta (never a rescan of every
   * Pemda), keeps the new states in the history, and writes their AggregateUpdated events, in lock
   * order; returns the events. `at` is the time of the Pemda score changes; a region's new state
   * carries it, or 1 ms past the row's time when that is not earlier (#196), so a region's states
   * never share an instant. Two statements for all the regions of a batch (docs/decisions.md #96,
   * #115): the rows locked and read in lock order, then saved with their history and events; the
   * sums themselves are moved here, by mcp-domain.
   */
  async applyDeltas(tx: EntityManager, year: number, deltas: readonly RegionDelta[], at: Date): Promise<AggregateUpdatedV1[]> {
    const ordered = inLockOrder(deltas);
    if (ordered.length === 0) return [];
    const codes = ordered.map(({ region }) => region.code);
    let stored = await this.aggregates.lockAllForUpdate(tx, codes, year);
    if (stored.size < codes.length) {
      // The year's first score change creates every region's row (so each average is over all Pemda from the start).
      await this.openYear(tx, year);
      stored = await this.aggregates.lockAllForUpdate(tx, codes, year);
    }
    const moved = ordered.map(({ region, delta, decisionIds }) => {
      const locked = stored.get(region.code);
      if (!locked) throw new Error(`Agregat ${region.code} tahun ${year} tidak ada (region aggregate row missing)`);
      const aggregate = applyScoreDelta(locked.aggregate, delta);
      // Under the row's lock the time only goes forward: another batch, whose Pemda locks came after
      // this one's, may have moved the row at `at` or later (#196).
      const updatedAt = changeTimeAfter(locked.updatedAt, at);
      const totals = { regionCode: region.code, regionKind: locked.regionKind, year, aggregate };
      return { regionCode: region.code, aggregate, updatedAt, event: aggregateUpdatedOf(totals, updatedAt, decisionIds) };
    });
    const events = moved.map(({ event }) => event);
    await this.aggregates.saveAll(tx, year, moved, (firstParameter) =>
      this.outbox.statementPart(tx, events.map((event) => outboxItem(AggregateUpdated, event)), { firstParameter }),
    );
    return events;
  }

  /**
   * What GET /v1/scores/regions/:regionCode answers, now or as of an instant (the last change at
   * or before it). A region nobody has scored in yet averages 0.
   */
  async averageFor(principal: AuthPrincipal, regionCode: string, year: number, asOf?: string): Promise<RegionAverageView> {
    const region = await this.membershipOf(regionCode);
    const pemda = await this.referenceData.allPemda();
    const memberCodes = pemda.filter((record) => regionsOfPemda(record).some(({ code }) => code === regionCode)).map(({ code }) => code);
    assertMayReadRegion(principal, regionCode, memberCodes);
    const { framework } = await this.referenceData.requireFramework(year);
    const at = asOfInstant(asOf, framework.timeZone);
    const db = this.dataSource.manager;
    const stored =
      at === null ? await this.aggregates.current(db, regionCode, year) : await this.aggregates.asOf(db, regionCode, year, at);
    const aggregate = stored ?? { sum: new Decimal(0), areaSums: new Map(), pemdaCount: region.pemdaCount };
    const totals = { regionCode, regionKind: region.kind, year, aggregate };
    return regionAverageView(totals, framework, bandsOf(framework), at);
  }

  /**
   * Every region's row of the year at 0, those already there left as they are. The Pemda counts come
   * from the table in this transaction, not the cached list: a re-seed's change notice may not have
   * reached this replica yet, and deltas never move a count (#138).
   */
  private async openYear(tx: EntityManager, year: number): Promise<void> {
    await this.aggregates.open(tx, year, [...regionMemberships(await this.referenceData.allPemdaIn(tx)).values()]);
  }

  private async membershipOf(regionCode: string): Promise<RegionMembership> {
    const region = regionMemberships(await this.referenceData.allPemda()).get(regionCode);
    if (!region) {
      throw new DomainError(
        'not-found',
        'UNKNOWN_REGION',
        `Kode ${regionCode} tidak dikenal: gunakan kode provinsi (mis. 32), wilayah-I … wilayah-V, atau national ` +
          `(unknown region ${regionCode}: use a province code, wilayah-I … wilayah-V, or national)`,
      );
    }
    return region;
  }
}
