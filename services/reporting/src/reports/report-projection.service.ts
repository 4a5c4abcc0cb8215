import type { AggregateUpdatedV1, McpEvent, ScoreUpdatedV1, YearClosedV1 } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  latestPemdaRows,
  pemdaReportRowOf,
  regionHistoryRowOf,
  regionReportRowOf,
  regionRowRounds,
  scoreHistoryRowOf,
} from './report-rows';
import { ReportRepository } from './report.repository';

/**
 * Keeps the read model in step with the scoring service's events, a batch of them inside their
 * inbox transaction (docs/decisions.md #94): each table gets one multi-row statement per batch,
 * which ends in the rows applying the events one at a time would. The rebuild CLI writes through
 * the same repository, so both follow one rule.
 */
@Injectable()
export class ReportProjection {
  constructor(private readonly reports: ReportRepository) {}

  async applyScores(events: readonly McpEvent<ScoreUpdatedV1>[], manager: EntityManager): Promise<void> {
    await this.reports.upsertPemdaWithHistory(
      manager,
      latestPemdaRows(events.map(({ data }) => pemdaReportRowOf(data))),
      events.map(({ id, data }) => scoreHistoryRowOf(id, data)),
    );
  }

  applyYearClosed({ data }: McpEvent<YearClosedV1>, manager: EntityManager): Promise<void> {
    return this.reports.closeYears(manager, [{ year: data.year, closedAt: data.closedAt, finalScores: data.finalScores ?? null }]);
  }

  async applyAggregates(events: readonly McpEvent<AggregateUpdatedV1>[], manager: EntityManager): Promise<void> {
    // The history goes with the first round (each round is one row per region, see regionRowRounds).
    const [first = [], ...later] = regionRowRounds(events.map(({ data }) => regionReportRowOf(data)));
    await this.reports.upsertRegionsWithHistory(manager, first, events.map(({ id, data }) => regionHistoryRowOf(id, data)));
    for (const round of later) await this.reports.upsertRegions(manager, round);
  }
}
