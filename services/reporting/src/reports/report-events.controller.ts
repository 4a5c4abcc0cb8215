import {
  AggregateUpdated,
  ScoreUpdated,
  type AggregateUpdatedV1,
  type ScoreUpdatedV1,
} from '@mcp/contracts';
import { EventConsumer, EventDelivery, OnEvent, type EventDeliveryContext } from '@mcp/messaging';
import { Controller } from '@nestjs/common';
import { ReportProjection } from './report-projection.service';

/** Feeds the read model: the reporting service learns scores only from these two topics. */
@Controller()
export class ReportEventsController {
  constructor(
    private readonly projection: ReportProjection,
    private readonly events: EventConsumer,
  ) {}

  @OnEvent(ScoreUpdated)
  async onScore(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    await this.events.consume<ScoreUpdatedV1>('reporting.scores', delivery, ScoreUpdated, (event, manager) =>
      this.projection.applyScore(event, manager),
    );
  }

  @OnEvent(AggregateUpdated)
  async onAggregate(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    await this.events.consume<AggregateUpdatedV1>(
      'reporting.aggregates',
      delivery,
      AggregateUpdated,
      (event, manager) => this.projection.applyAggregate(event, manager),
    );
  }
}
