import type { AggregateUpdatedV1, McpEvent, ScoreUpdatedV1, YearClosedV1 } from '@mcp/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pemdaReportRowOf, regionHistoryRowOf, regionReportRowOf, scoreHistoryRowOf } from './report-rows';
import { ReportRepository } from './report.repository';

/**
 * Keeps the read model in step with the scoring service's events, inside the inbox transaction of
 * each event. The rebuild CLI writes through the same repository, so both follow one rule.
 */
@Injectable()
export class ReportProjection {
  constructor(private readonly reports: ReportRepository) {}

  async applyScore({ id, data }: McpEvent<ScoreUpdatedV1>, manager: EntityManager): Promise<void> {
    await this.reports.upsertPemda(manager, [pemdaReportRowOf(data)]);
    await this.reports.appendHistory(manager, [scoreHistoryRowOf(id, data)]);
  }

  applyYearClosed({ data }: McpEvent<YearClosedV1>, manager: EntityManager): Promise<void> {
    return this.reports.closeYears(manager, [{ year: data.year, closedAt: data.closedAt }]);
  }

  async applyAggregate({ id, data }: McpEvent<AggregateUpdatedV1>, manager: EntityManager): Promise<void> {
    await this.reports.upsertRegions(manager, [regionReportRowOf(data)]);
    await this.reports.appendRegionHistory(manager, [regionHistoryRowOf(id, data)]);
  }
}
