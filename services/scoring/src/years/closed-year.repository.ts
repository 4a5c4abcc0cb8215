import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ClosedYear {
  year: number;
  closedAt: Date;
  closedBy: string;
}

/** `closed_year`: the years whose scores are final. */
@Injectable()
export class ClosedYearRepository {
  async find(db: EntityManager, year: number): Promise<ClosedYear | undefined> {
    const [row]: { closed_at: Date; closed_by: string }[] = await db.query(
      `SELECT closed_at, closed_by FROM ${sqlTable(db, 'closed_year')} WHERE year = $1`,
      [year],
    );
    return row ? { year, closedAt: row.closed_at, closedBy: row.closed_by } : undefined;
  }

  /**
   * Every Pemda score of the year, by code, as the closing announces them (docs/decisions.md #140).
   * Read under the year's exclusive lock: no decision is half-way.
   */
  async finalScores(db: EntityManager, year: number): Promise<{ pemdaCode: string; total: string }[]> {
    const rows: { pemda_code: string; total: string }[] = await db.query(
      `SELECT pemda_code, total::text FROM ${sqlTable(db, 'pemda_score')} WHERE year = $1 ORDER BY pemda_code`,
      [year],
    );
    return rows.map((row) => ({ pemdaCode: row.pemda_code, total: row.total }));
  }

  async add(db: EntityManager, closed: ClosedYear): Promise<void> {
    await db.query(`INSERT INTO ${sqlTable(db, 'closed_year')} (year, closed_at, closed_by) VALUES ($1, $2, $3)`, [
      closed.year,
      closed.closedAt,
      closed.closedBy,
    ]);
  }
}
