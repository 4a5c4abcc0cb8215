import { auditTrail } from '@mcp/audit-trail';
import { KPK_ADMIN_PSEUDONYM, kpkStaffAsSeenBy, type AuthPrincipal } from '@mcp/auth';
import { YearClosed } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClosedYearRepository, type ClosedYear } from './closed-year.repository';
import { lockYearExclusive } from './year-lock';
import type { YearStatusView } from './year-status.view';

@Injectable()
export class YearsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly closedYears: ClosedYearRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async statusOf(viewer: AuthPrincipal, year: number): Promise<YearStatusView> {
    await this.referenceData.requireFramework(year);
    return statusView(viewer, year, await this.closedYears.find(this.dataSource.manager, year));
  }

  /**
   * Makes the year's scores final: from the commit on, a decision for the year is refused with the
   * reason (mcp.decision.refused.v1, docs/decisions.md #74) and no framework revision can be published for it. Emits mcp.year.closed.v1
   * in the same transaction, so every service learns it.
   */
  async close(principal: AuthPrincipal, year: number): Promise<YearStatusView> {
    await this.referenceData.requireFramework(year);
    return this.dataSource.transaction(async (tx) => {
      const now = await lockYearExclusive(tx, year);
      const closed = await this.closedYears.find(tx, year);
      if (closed) {
        throw new DomainError(
          'conflict',
          'YEAR_ALREADY_CLOSED',
          `Tahun ${year} sudah ditutup pada ${closed.closedAt.toISOString()} oleh ${closed.closedBy} ` +
            `(year ${year} is already closed)`,
        );
      }
      const closing = { year, closedAt: now, closedBy: principal.subject };
      await this.closedYears.add(tx, closing);
      // The final scores travel with the closing, so no reader has to wait for their own topic (#140).
      const finalScores = await this.closedYears.finalScores(tx, year);
      await this.outbox.enqueue(tx, YearClosed, { year, closedAt: now.toISOString(), closedBy: principal.subject, finalScores });
      await auditTrail.append(tx, { actor: principal, action: 'year.closed', year, occurredAt: now });
      return statusView(principal, year, closing);
    });
  }
}

/** Who closed it, as `viewer` may see it: the subject to KPK roles, "Admin KPK" to a Pemda (docs/decisions.md #46). */
function statusView(viewer: AuthPrincipal, year: number, closed: ClosedYear | undefined): YearStatusView {
  return {
    year,
    closed: closed !== undefined,
    closedAt: closed ? closed.closedAt.toISOString() : null,
    closedBy: closed ? kpkStaffAsSeenBy(viewer, closed.closedBy, KPK_ADMIN_PSEUDONYM) : null,
  };
}
