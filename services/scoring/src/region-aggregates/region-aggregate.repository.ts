import { prepared } from '@mcp/postgres-client';
import { Decimal, type RegionAggregate, type RegionKind } from '@mcp/mcp-domain';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { OutboxStatementPart } from '@mcp/messaging';
import type { EntityManager } from 'typeorm';
import { decimalText } from '../decimal-text';
import { RegionAggregateRecord } from './region-aggregate.entity';
import { areaSumsFromJson, areaSumsToJson } from './region-average';
import type { RegionMembership } from './regions';

interface RegionRow {
  region_code: string;
  region_kind: RegionKind;
  score_sum: string;
  area_sums: Record<string, string>;
  pemda_count: number;
  updated_at: Date;
}

const COLUMNS = 'region_code, region_kind, score_sum, area_sums, pemda_count, updated_at';

/** A region's row as locked: its sums, its kind and when it last changed. */
export interface LockedRegion {
  regionKind: RegionKind;
  aggregate: RegionAggregate;
  updatedAt: Date;
}

/** `region_aggregate` and `region_aggregate_history`: each region's running sums per year, and every state they had. */
@Injectable()
export class RegionAggregateRepository {
  /**
   * Locks the rows of the named regions until commit, in the order given (callers pass inLockOrder's),
   * in one statement: FOR UPDATE locks rows as the ORDER BY hands them out. Returns the regions
   * found, by code, with their kind and last change; a missing one is not yet opened for the year.
   */
  async lockAllForUpdate(
    db: EntityManager,
    regionCodesInLockOrder: readonly string[],
    year: number,
  ): Promise<Map<string, LockedRegion>> {
    const rows: RegionRow[] = await db.query(
      prepared(`SELECT ${COLUMNS.split(', ').map((column) => `r.${column}`).join(', ')}
       FROM unnest($1::text[]) WITH ORDINALITY AS u(region_code, n)
       JOIN ${sqlTable(db, 'region_aggregate')} AS r ON r.region_code = u.region_code AND r.year = $2
       ORDER BY u.n
       FOR UPDATE OF r`),
      [regionCodesInLockOrder, year],
    );
    return new Map(
      rows.map((row) => [row.region_code, { regionKind: row.region_kind, aggregate: aggregateOf(row), updatedAt: row.updated_at }]),
    );
  }

  /**
   * Stores the new sums (and Pemda count: a decision keeps it, a changed wilayah mapping moves it)
   * of many regions (each at most once, rows the caller has locked), keeps
   * them in the history and writes their events, in one statement (docs/decisions.md #115). Under
   * the row locks the time never goes back (the later of `updatedAt` and the row's own, which the
   * caller's events name to the millisecond), so a region's states carry increasing times in
   * commit order (reporting keeps the newest figure by this time).
   */
  async saveAll(
    db: EntityManager,
    year: number,
    saves: readonly { regionCode: string; aggregate: RegionAggregate; updatedAt: Date }[],
    announce: (firstParameter: number) => OutboxStatementPart,
  ): Promise<void> {
    if (saves.length === 0) return;
    const outbox = announce(3);
    // The events' creation spans end with the statement (with its error if it fails).
    const statement = db.query(
      prepared(`WITH saved AS (
         UPDATE ${sqlTable(db, 'region_aggregate')} AS r
         SET score_sum = s.score_sum, area_sums = s.area_sums, pemda_count = s.pemda_count, updated_at = greatest(s.updated_at, r.updated_at)
         FROM jsonb_to_recordset($1::jsonb) AS s(region_code text, score_sum numeric, area_sums jsonb, pemda_count integer, updated_at timestamptz)
         WHERE r.region_code = s.region_code AND r.year = $2
         RETURNING r.region_code, r.score_sum, r.area_sums, r.pemda_count, r.updated_at
       ), kept AS (
         INSERT INTO ${sqlTable(db, 'region_aggregate_history')} (region_code, year, score_sum, area_sums, pemda_count, changed_at)
         SELECT region_code, $2, score_sum, area_sums, pemda_count, updated_at FROM saved
       ), outboxed AS (${outbox.insertSql}),
       notified AS (${outbox.notifySql('outboxed')})
       SELECT (SELECT count(*) FROM saved) AS saved, (SELECT count(*) FROM notified) AS notified`),
      [
        JSON.stringify(
          saves.map(({ regionCode, aggregate, updatedAt }) => ({
            region_code: regionCode,
            score_sum: decimalText(aggregate.sum),
            area_sums: areaSumsToJson(aggregate.areaSums),
            pemda_count: aggregate.pemdaCount,
            updated_at: updatedAt.toISOString(),
          })),
        ),
        year,
        ...outbox.parameters,
      ],
    );
    await outbox.settle(statement);
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
