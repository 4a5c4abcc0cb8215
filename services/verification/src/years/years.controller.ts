import { YearClosed, type YearClosedV1 } from '@mcp/contracts';
import { EventConsumer, EventDelivery, OnEvent, type EventDeliveryContext } from '@mcp/messaging';
import { Controller } from '@nestjs/common';
import { ClosedYears } from './closed-years';

/** Kafka only: scoring announces a closed year; from then on the queue refuses decisions on it. */
@Controller()
export class YearsController {
  constructor(
    private readonly closedYears: ClosedYears,
    private readonly events: EventConsumer,
  ) {}

  @OnEvent(YearClosed)
  async onYearClosed(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    await this.events.consume<YearClosedV1>('verification.year-closed', delivery, YearClosed, (event, manager) =>
      this.closedYears.close(event.data, manager),
    );
  }
}
