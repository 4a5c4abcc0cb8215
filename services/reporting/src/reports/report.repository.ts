import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PemdaReportRow, RegionHistoryRow, RegionReportRow, ScoreHistoryRow } from './report-rows';

export const PEMDA_REPORT = 'pemda_report';
export const REGION_REPORT = 'region_report';
export const SCORE_HISTORY = 'pemda_score_history';
export const CLOSED_YEAR = 'closed_year';

/** A year's closing as reporting keeps it: when, and the final scores it carried (none before #140). */
export interface ClosedYearRow {
  year: number;
  closedAt: string;
  finalScores?: { pemdaCode: string; total: string }[] | null;
}
export const REGION_HISTORY = 'region_score_history';

/**
 * The one writer of `pemda_report` and `region_report`, for the live consumer (a partition's fetch)
 * and the rebuild (thousands): a single multi-row upsert from arrays (`unnest`), so both follow the
 * same rule. A row only moves forward in the producer's time: a replay or a re-published event can
 * bring an older figure late. At most one row per key per call (see latestPemdaRows, regionRowRounds).
 */
@Injectable()
export class ReportRepository {
  async upsertPemda(db: EntityManager, rows: readonly PemdaReportRow[], table = PEMDA_REPORT): Promise<void> {
    if (rows.length === 0) return;
    await db.query(prepared(pemdaUpsertSql(db, table, 1)), pemdaUpsertParams(rows));
  }

  async upsertRegions(db: EntityManager, rows: readonly RegionReportRow[], table = REGION_REPORT): Promise<void> {
    if (rows.length === 0) return;
    await db.query(prepared(regionUpsertSql(db, table, 1)), regionUpsertParams(rows));
  }

  /** Appends scores to the history; an event id already there (a redelivery) adds nothing. */
  async appendHistory(db: EntityManager, rows: readonly ScoreHistoryRow[], table = SCORE_HISTORY): Promise<void> {
    if (rows.length === 0) return;
    await db.query(prepared(scoreHistorySql(db, table, 1)), scoreHistoryParams(rows));
  }

  /** Appends region averages to their history; an event id already there adds nothing. */
  async appendRegionHistory(db: EntityManager, rows: readonly RegionHistoryRow[], table = REGION_HISTORY): Promise<void> {
    if (rows.length === 0) return;
    await db.query(prepared(regionHistorySql(db, table, 1)), regionHistoryParams(rows));
  }

  /**
   * `upsertPemda` and `appendHistory` of the live consumer's batch in one statement (docs/decisions.md
   * #108): the history's INSERT is a CTE of the upsert; the two touch different tables.
   */
  async upsertPemdaWithHistory(db: EntityManager, rows: readonly PemdaReportRow[], history: readonly ScoreHistoryRow[]): Promise<void> {
    if (rows.length === 0 || history.length === 0) {
      await this.upsertPemda(db, rows);
      await this.appendHistory(db, history);
      return;
    }
    await db.query(
      prepared(`WITH history AS (${scoreHistorySql(db, SCORE_HISTORY, PEMDA_UPSERT_PARAMS + 1)}) ${pemdaUpsertSql(db, PEMDA_REPORT, 1)}`),
      [...pemdaUpsertParams(rows), ...scoreHistoryParams(history)],
    );
  }

  /** `upsertRegions` of one round and `appendRegionHistory` in one statement, as `upsertPemdaWithHistory`. */
  async upsertRegionsWithHistory(db: EntityManager, rows: readonly RegionReportRow[], history: readonly RegionHistoryRow[]): Promise<void> {
    if (rows.length === 0 || history.length === 0) {
      await this.upsertRegions(db, rows);
      await this.appendRegionHistory(db, history);
      return;
    }
    await db.query(
      prepared(`WITH history AS (${regionHistorySql(db, REGION_HISTORY, REGION_UPSERT_PARAMS + 1)}) ${regionUpsertSql(db, REGION_REPORT, 1)}`),
      [...regionUpsertParams(rows), ...regionHistoryParams(history)],
    );
  }

  /**
   * A year is closed once; a repeated announcement keeps the first time, and the final scores the
   * first announcement carrying them brought (docs/decisions.md #140).
   */
  async closeYears(db: EntityManager, rows: readonly ClosedYearRow[], table = CLOSED_YEAR): Promise<void> {
    if (rows.length === 0) return;
    const first = new Map<number, ClosedYearRow>();
    for (const row of rows) {
      const known = first.get(row.year);
      const [earlier, later] = !known || Date.parse(row.closedAt) < Date.parse(known.closedAt) ? [row, known] : [known, row];
      first.set(row.year, { ...earlier, finalScores: earlier.finalScores ?? later?.finalScores ?? null });
    }
    const target = sqlTable(db, table);
    await db.query(
      `INSERT INTO ${target} (year, closed_at, final_scores)
       SELECT year, closed_at, final_scores FROM jsonb_to_recordset($1::jsonb) AS r(year int, closed_at timestamptz, final_scores jsonb)
       ON CONFLICT (year) DO UPDATE SET closed_at = least(${target}.closed_at, EXCLUDED.closed_at),
         final_scores = coalesce(${target}.final_scores, EXCLUDED.final_scores)`,
      [JSON.stringify([...first.values()].map((row) => ({ year: row.year, closed_at: row.closedAt, final_scores: row.finalScores ?? null })))],
    );
  }
}

/** `$first`, `$first+1`, … cast as given: the arrays `unnest` reads. */
function arrayParams(first: number, casts: readonly string[]): string {
  return casts.map((cast, i) => `$${first + i}::${cast}[]`).join(', ');
}

const PEMDA_UPSERT_CASTS = ['text', 'int', 'int', 'numeric', 'jsonb', 'timestamptz'];
const PEMDA_UPSERT_PARAMS = PEMDA_UPSERT_CASTS.length;

function pemdaUpsertSql(db: EntityManager, table: string, first: number): string {
  return `INSERT INTO ${sqlTable(db, table)} AS stored (pemda_code, year, framework_revision, total, areas, updated_at)
       SELECT * FROM unnest(${arrayParams(first, PEMDA_UPSERT_CASTS)})
       ON CONFLICT (pemda_code, year) DO UPDATE SET
         framework_revision = EXCLUDED.framework_revision, total = EXCLUDED.total,
         areas = EXCLUDED.areas, updated_at = EXCLUDED.updated_at
       WHERE stored.updated_at <= EXCLUDED.updated_at`;
}

function pemdaUpsertParams(rows: readonly PemdaReportRow[]): unknown[] {
  return [
    rows.map((row) => row.pemdaCode),
    rows.map((row) => row.year),
    rows.map((row) => row.frameworkRevision),
    rows.map((row) => row.total),
    rows.map((row) => row.areas),
    rows.map((row) => row.updatedAt),
  ];
}

const REGION_UPSERT_CASTS = ['text', 'text', 'int', 'numeric', 'numeric', 'int', 'timestamptz', 'jsonb'];
const REGION_UPSERT_PARAMS = REGION_UPSERT_CASTS.length;

function regionUpsertSql(db: EntityManager, table: string, first: number): string {
  return `INSERT INTO ${sqlTable(db, table)} AS stored
         (region_code, region_kind, year, average, score_sum, pemda_count, updated_at, areas)
       SELECT * FROM unnest(${arrayParams(first, REGION_UPSERT_CASTS)})
       ON CONFLICT (region_code, year) DO UPDATE SET
         region_kind = EXCLUDED.region_kind, average = EXCLUDED.average,
         score_sum = EXCLUDED.score_sum, pemda_count = EXCLUDED.pemda_count,
         updated_at = EXCLUDED.updated_at, areas = coalesce(EXCLUDED.areas, stored.areas)
       WHERE stored.updated_at <= EXCLUDED.updated_at`;
}

function regionUpsertParams(rows: readonly RegionReportRow[]): unknown[] {
  return [
    rows.map((row) => row.regionCode),
    rows.map((row) => row.regionKind),
    rows.map((row) => row.year),
    rows.map((row) => row.average),
    rows.map((row) => row.scoreSum),
    rows.map((row) => row.pemdaCount),
    rows.map((row) => row.updatedAt),
    rows.map((row) => row.areas),
  ];
}

function scoreHistorySql(db: EntityManager, table: string, first: number): string {
  return `INSERT INTO ${sqlTable(db, table)} (event_id, pemda_code, year, total, computed_at)
       SELECT * FROM unnest(${arrayParams(first, ['uuid', 'text', 'int', 'numeric', 'timestamptz'])})
       ON CONFLICT (event_id) DO NOTHING`;
}

function scoreHistoryParams(rows: readonly ScoreHistoryRow[]): unknown[] {
  return [
    rows.map((row) => row.eventId),
    rows.map((row) => row.pemdaCode),
    rows.map((row) => row.year),
    rows.map((row) => row.total),
    rows.map((row) => row.computedAt),
  ];
}

function regionHistorySql(db: EntityManager, table: string, first: number): string {
  return `INSERT INTO ${sqlTable(db, table)} (event_id, region_code, region_kind, year, average, updated_at)
       SELECT * FROM unnest(${arrayParams(first, ['uuid', 'text', 'text', 'int', 'numeric', 'timestamptz'])})
       ON CONFLICT (event_id) DO NOTHING`;
}

function regionHistoryParams(rows: readonly RegionHistoryRow[]): unknown[] {
  return [
    rows.map((row) => row.eventId),
    rows.map((row) => row.regionCode),
    rows.map((row) => row.regionKind),
    rows.map((row) => row.year),
    rows.map((row) => row.average),
    rows.map((row) => row.updatedAt),
  ];
}
