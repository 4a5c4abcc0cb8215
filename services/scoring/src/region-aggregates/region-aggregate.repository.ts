import { Decimal, type RegionAggregate, type RegionKind } from '@mcp/mcp-domain';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decimalText } from '../decimal-text';
import { RegionAggregateRecord } from './region-aggregate.entity';
import { areaSumsFromJson, areaSumsToJson, type RegionTotals } from './region-average';
import { NATIONAL_REGION, type RegionMembership } from './regions';

interface RegionRow {
  region_code: string;
  region_kind: RegionKind;
  score_sum: string;
  area_sums: Record<string, string>;
  pemda_count: number;
  updated_at: Date;
}

const COLUMNS = 'region_code, region_kind, score_sum, area_sums, pemda_count, updated_at';

/** `region_aggregate` and `region_aggregate_history`: each region's running sums per year, and every state they had. */
@Injectable()
export class RegionAggregateRepository {
  /** Locks the row until commit; callers lock regions in inLockOrder. */
  async lockForUpdate(db: EntityManager, regionCode: string, year: number): Promise<RegionAggregate | undefined> {
    const [row]: RegionRow[] = await db.query(
      `SELECT ${COLUMNS} FROM ${sqlTable(db, 'region_aggregate')} WHERE region_code = $1 AND year = $2 FOR UPDATE`,
      [regionCode, year],
    );
    return row && aggregateOf(row);
  }

  /**
   * Stores the new sums and keeps them in the history. Under the row lock the time never goes
   * back, so a region's states carry increasing times in commit order (reporting keeps the newest
   * figure by this time).
   */
  async save(
    db: EntityManager,
    regionCode: string,
    year: number,
    aggregate: RegionAggregate,
    at: Date,
  ): Promise<{ totals: RegionTotals; updatedAt: Date }> {
    // TypeORM's postgres driver answers an UPDATE with [rows, rowCount].
    const [[saved]]: [RegionRow[], number] = await db.query(
      `UPDATE ${sqlTable(db, 'region_aggregate')}
       SET score_sum = $3, area_sums = $4, updated_at = greatest($5::timestamptz, updated_at)
       WHERE region_code = $1 AND year = $2
       RETURNING ${COLUMNS}`,
      [regionCode, year, decimalText(aggregate.sum), areaSumsToJson(aggregate.areaSums), at],
    );
    await db.query(
      `INSERT INTO ${sqlTable(db, 'region_aggregate_history')} (region_code, year, score_sum, area_sums, pemda_count, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [regionCode, year, saved.score_sum, saved.area_sums, saved.pemda_count, saved.updated_at],
    );
    return {
      totals: { regionCode: saved.region_code, regionKind: saved.region_kind, year, aggregate: aggregateOf(saved) },
      updatedAt: saved.updated_at,
    };
  }

  async current(db: EntityManager, regionCode: string, year: number): Promise<RegionAggregate | undefined> {
    const [row]: RegionRow[] = await db.query(
      `SELECT ${COLUMNS} FROM ${sqlTable(db, 'region_aggregate')} WHERE region_code = $1 AND year = $2`,
      [regionCode, year],
    );
    return row && aggregateOf(row);
  }

  /** The last state at or before the instant. */
  async asOf(db: EntityManager, regionCode: string, year: number, at: Date): Promise<RegionAggregate | undefined> {
    const [row]: RegionRow[] = await db.query(
      `SELECT score_sum, area_sums, pemda_count FROM ${sqlTable(db, 'region_aggregate_history')}
       WHERE region_code = $1 AND year = $2 AND changed_at <= $3
       ORDER BY changed_at DESC, id DESC LIMIT 1`,
      [regionCode, year, at],
    );
    return row && aggregateOf(row);
  }

  /** Every region's stored aggregate for a year, by region code. */
  async allFor(db: EntityManager, year: number): Promise<Map<string, RegionAggregate>> {
    const rows: RegionRow[] = await db.query(
      `SELECT ${COLUMNS} FROM ${sqlTable(db, 'region_aggregate')} WHERE year = $1`,
      [year],
    );
    return new Map(rows.map((row) => [row.region_code, aggregateOf(row)]));
  }

  async isOpen(db: EntityManager, year: number): Promise<boolean> {
    return db.exists(RegionAggregateRecord, { where: { regionCode: NATIONAL_REGION, year } });
  }

  /**
   * Every region's row at 0 with its full Pemda count. Inserted in code order, so a concurrent
   * opening waits on the same first row, then inserts nothing.
   */
  async open(db: EntityManager, year: number, memberships: readonly RegionMembership[]): Promise<void> {
    await db
      .createQueryBuilder()
      .insert()
      .into(RegionAggregateRecord)
      .values(
        [...memberships]
          .sort((a, b) => (a.code < b.code ? -1 : 1))
          .map((region) => ({ regionCode: region.code, regionKind: region.kind, year, pemdaCount: region.pemdaCount })),
      )
      .orIgnore()
      .execute();
  }
}

function aggregateOf(row: Pick<RegionRow, 'score_sum' | 'area_sums' | 'pemda_count'>): RegionAggregate {
  return { sum: new Decimal(row.score_sum), areaSums: areaSumsFromJson(row.area_sums), pemdaCount: row.pemda_count };
}
