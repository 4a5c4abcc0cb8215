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

  async add(db: EntityManager, closed: ClosedYear): Promise<void> {
    await db.query(`INSERT INTO ${sqlTable(db, 'closed_year')} (year, closed_at, closed_by) VALUES ($1, $2, $3)`, [
      closed.year,
      closed.closedAt,
      closed.closedBy,
    ]);
  }
}
