import {
  AggregateUpdated,
  ScoreUpdated,
  YearClosed,
  type AggregateUpdatedV1,
  type McpEvent,
  type ScoreUpdatedV1,
  type YearClosedV1,
} from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReportProjection } from './report-projection.service';

/** Feeds the read models: the reporting service learns scores only from these topics. */
@Injectable()
export class ReportsEvents {
  constructor(private readonly projection: ReportProjection) {}

  @HandleEvent(ScoreUpdated, { consumer: 'scores' })
  onScore(event: McpEvent<ScoreUpdatedV1>, tx: EntityManager): Promise<void> {
    return this.projection.applyScore(event, tx);
  }

  @HandleEvent(AggregateUpdated, { consumer: 'aggregates' })
  onAggregate(event: McpEvent<AggregateUpdatedV1>, tx: EntityManager): Promise<void> {
    return this.projection.applyAggregate(event, tx);
  }

  /** A closed year's scores are final: the open-data routes publish them. */
  @HandleEvent(YearClosed, { consumer: 'year-closed' })
  onYearClosed(event: McpEvent<YearClosedV1>, tx: EntityManager): Promise<void> {
    return this.projection.applyYearClosed(event, tx);
  }
}
