import {
  AggregateUpdated,
  ScoreUpdated,
  YearClosed,
  type AggregateUpdatedV1,
  type McpEvent,
  type ScoreUpdatedV1,
  type YearClosedV1,
} from '@mcp/contracts';
import { HandleEvent, HandleEventBatch } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReportProjection } from './report-projection.service';

/**
 * Feeds the read models: the reporting service learns scores only from these topics. Scores and
 * aggregates come a partition's fetch at a time (docs/decisions.md #94): a decision brings a score
 * and up to three aggregates, and one transaction per event made reporting the consumer that lagged.
 */
@Injectable()
export class ReportsEvents {
  constructor(private readonly projection: ReportProjection) {}

  @HandleEventBatch(ScoreUpdated, { consumer: 'scores' })
  onScores(events: McpEvent<ScoreUpdatedV1>[], tx: EntityManager): Promise<void> {
    return this.projection.applyScores(events, tx);
  }

  @HandleEventBatch(AggregateUpdated, { consumer: 'aggregates' })
  onAggregates(events: McpEvent<AggregateUpdatedV1>[], tx: EntityManager): Promise<void> {
    return this.projection.applyAggregates(events, tx);
  }

  /** A closed year's scores are final: the open-data routes publish them. */
  @HandleEvent(YearClosed, { consumer: 'year-closed' })
  onYearClosed(event: McpEvent<YearClosedV1>, tx: EntityManager): Promise<void> {
    return this.projection.applyYearClosed(event, tx);
  }
}
