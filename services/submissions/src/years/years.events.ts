import { YearClosed, type McpEvent, type YearClosedV1 } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClosedYears } from './closed-years';

/** Kafka only: scoring announces a closed year; from then on its submissions are refused. */
@Injectable()
export class YearsEvents {
  constructor(private readonly closedYears: ClosedYears) {}

  /** Consumer `submissions.year-closed`: the inbox remembers what it applied under that name, so it never changes. */
  @HandleEvent(YearClosed, { consumer: 'year-closed' })
  onYearClosed(event: McpEvent<YearClosedV1>, tx: EntityManager): Promise<void> {
    return this.closedYears.close(event.data, tx);
  }
}
