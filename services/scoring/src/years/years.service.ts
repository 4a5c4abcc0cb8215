import type { AuthPrincipal } from '@mcp/auth';
import { YearClosed } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireFrameworkYear } from '../known-references';
import { closedYear, lockYearExclusive } from './year-lock';
import type { YearStatusView } from './year-status.view';

@Injectable()
export class YearsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly outbox: OutboxWriter,
  ) {}

  async statusOf(year: number): Promise<YearStatusView> {
    await requireFrameworkYear(this.referenceData, year);
    return statusView(year, await closedYear(this.dataSource.manager, year));
  }

  /**
   * Makes the year's scores final: from the commit on, a decision for the year is dead-lettered
   * with the reason and no framework revision can be published for it. Emits mcp.year.closed.v1
   * in the same transaction, so every service learns it.
   */
  async close(principal: AuthPrincipal, year: number): Promise<YearStatusView> {
    await requireFrameworkYear(this.referenceData, year);
    return this.dataSource.transaction(async (manager) => {
      await lockYearExclusive(manager, year);
      const closed = await closedYear(manager, year);
      if (closed) {
        throw new DomainError(
          'conflict',
          'YEAR_ALREADY_CLOSED',
          `Tahun ${year} sudah ditutup pada ${closed.closedAt.toISOString()} oleh ${closed.closedBy} ` +
            `(year ${year} is already closed)`,
        );
      }
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
      await manager.query(`INSERT INTO "scoring"."closed_year" (year, closed_at, closed_by) VALUES ($1, $2, $3)`, [
        year,
        now,
        principal.subject,
      ]);
      await this.outbox.enqueue(manager, YearClosed, {
        year,
        closedAt: now.toISOString(),
        closedBy: principal.subject,
      });
      return statusView(year, { closedAt: now, closedBy: principal.subject });
    });
  }
}

function statusView(year: number, closed: { closedAt: Date; closedBy: string } | undefined): YearStatusView {
  return {
    year,
    closed: closed !== undefined,
    closedAt: closed ? closed.closedAt.toISOString() : null,
    closedBy: closed ? closed.closedBy : null,
  };
}
