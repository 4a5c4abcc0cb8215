import { YearClosed, type McpEvent, type YearClosedV1 } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClosedYears } from './closed-years';

/** Kafka only: scoring announces a closed year; from then on the queue refuses decisions on it. */
@Injectable()
export class YearsEvents {
  constructor(private readonly closedYears: ClosedYears) {}

  @HandleEvent(YearClosed, { consumer: 'year-closed' })
  onYearClosed(event: McpEvent<YearClosedV1>, tx: EntityManager): Promise<void> {
    return this.closedYears.close(event.data, tx);
  }
}
