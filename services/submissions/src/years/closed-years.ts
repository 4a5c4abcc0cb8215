import type { YearClosedV1 } from '@mcp/contracts';
import { formatLocalTime, KPK_TIME_ZONE } from '@mcp/mcp-domain';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Closed years, learnt from mcp.year.closed.v1 (docs/decisions.md #160). A closed year's scores
 * are final: an upload, a claim change or a withdrawal for it would be filed by verification as a
 * task that never joins the queue, and an extension would reopen uploads nobody will judge. So
 * each is refused here, the moment submissions hears of the closing.
 */
@Injectable()
export class ClosedYears {
  async close(event: YearClosedV1, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'closed_year')} (year, closed_at, closed_by) VALUES ($1, $2, $3) ON CONFLICT (year) DO NOTHING`,
      [event.year, event.closedAt, event.closedBy],
    );
  }

  /** When `year` was closed, or null while it is open. */
  async closedAt(manager: EntityManager, year: number): Promise<Date | null> {
    const [row]: { closed_at: Date }[] = await manager.query(`SELECT closed_at FROM ${sqlTable(manager, 'closed_year')} WHERE year = $1`, [year]);
    return row?.closed_at ?? null;
  }

  async assertOpen(manager: EntityManager, year: number): Promise<void> {
    assertYearOpen(year, await this.closedAt(manager, year));
  }
}

/** The refusal for anything that would change a closed year's submissions. */
export function assertYearOpen(year: number, closedAt: Date | null): void {
  if (closedAt === null) return;
  throw new DomainError(
    'conflict',
    'YEAR_CLOSED',
    `Tahun ${year} sudah ditutup pada ${formatLocalTime(closedAt, KPK_TIME_ZONE)}: nilainya sudah final, sehingga unggahan, ` +
      `perubahan klaim, penarikan dokumen dan perpanjangan batas waktu tidak lagi diterima (year ${year} is closed)`,
    { year, closedAt: closedAt.toISOString() },
  );
}
