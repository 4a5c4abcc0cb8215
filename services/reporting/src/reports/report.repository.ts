import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PemdaReportRow, RegionHistoryRow, RegionReportRow, ScoreHistoryRow } from './report-rows';

export const PEMDA_REPORT = 'pemda_report';
export const REGION_REPORT = 'region_report';
export const SCORE_HISTORY = 'pemda_score_history';
export const CLOSED_YEAR = 'closed_year';
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
    await db.query(
      prepared(`INSERT INTO ${sqlTable(db, table)} AS stored (pemda_code, year, framework_revision, total, areas, updated_at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::numeric[], $5::jsonb[], $6::timestamptz[])
       ON CONFLICT (pemda_code, year) DO UPDATE SET
         framework_revision = EXCLUDED.framework_revision, total = EXCLUDED.total,
         areas = EXCLUDED.areas, updated_at = EXCLUDED.updated_at
       WHERE stored.updated_at <= EXCLUDED.updated_at`),
      [
        rows.map((row) => row.pemdaCode),
        rows.map((row) => row.year),
        rows.map((row) => row.frameworkRevision),
        rows.map((row) => row.total),
        rows.map((row) => row.areas),
        rows.map((row) => row.updatedAt),
      ],
    );
  }

  async upsertRegions(db: EntityManager, rows: readonly RegionReportRow[], table = REGION_REPORT): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      prepared(`INSERT INTO ${sqlTable(db, table)} AS stored
         (region_code, region_kind, year, average, score_sum, pemda_count, updated_at, areas)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::numeric[], $5::numeric[], $6::int[],
                            $7::timestamptz[], $8::jsonb[])
       ON CONFLICT (region_code, year) DO UPDATE SET
         region_kind = EXCLUDED.region_kind, average = EXCLUDED.average,
         score_sum = EXCLUDED.score_sum, pemda_count = EXCLUDED.pemda_count,
         updated_at = EXCLUDED.updated_at, areas = coalesce(EXCLUDED.areas, stored.areas)
       WHERE stored.updated_at <= EXCLUDED.updated_at`),
      [
        rows.map((row) => row.regionCode),
        rows.map((row) => row.regionKind),
        rows.map((row) => row.year),
        rows.map((row) => row.average),
        rows.map((row) => row.scoreSum),
        rows.map((row) => row.pemdaCount),
        rows.map((row) => row.updatedAt),
        rows.map((row) => row.areas),
      ],
    );
  }

  /** Appends scores to the history; an event id already there (a redelivery) adds nothing. */
  async appendHistory(db: EntityManager, rows: readonly ScoreHistoryRow[], table = SCORE_HISTORY): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      prepared(`INSERT INTO ${sqlTable(db, table)} (event_id, pemda_code, year, total, computed_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::numeric[], $5::timestamptz[])
       ON CONFLICT (event_id) DO NOTHING`),
      [
        rows.map((row) => row.eventId),
        rows.map((row) => row.pemdaCode),
        rows.map((row) => row.year),
        rows.map((row) => row.total),
        rows.map((row) => row.computedAt),
      ],
    );
  }

  /** Appends region averages to their history; an event id already there adds nothing. */
  async appendRegionHistory(db: EntityManager, rows: readonly RegionHistoryRow[], table = REGION_HISTORY): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      prepared(`INSERT INTO ${sqlTable(db, table)} (event_id, region_code, region_kind, year, average, updated_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::numeric[], $6::timestamptz[])
       ON CONFLICT (event_id) DO NOTHING`),
      [
        rows.map((row) => row.eventId),
        rows.map((row) => row.regionCode),
        rows.map((row) => row.regionKind),
        rows.map((row) => row.year),
        rows.map((row) => row.average),
        rows.map((row) => row.updatedAt),
      ],
    );
  }

  /** A year is closed once; a repeated announcement keeps the first time. */
  async closeYears(db: EntityManager, rows: readonly { year: number; closedAt: string }[], table = CLOSED_YEAR): Promise<void> {
    if (rows.length === 0) return;
    const first = new Map<number, string>();
    for (const { year, closedAt } of rows) {
      const known = first.get(year);
      if (!known || Date.parse(closedAt) < Date.parse(known)) first.set(year, closedAt);
    }
    await db.query(
      `INSERT INTO ${sqlTable(db, table)} (year, closed_at)
       SELECT * FROM unnest($1::int[], $2::timestamptz[])
       ON CONFLICT (year) DO UPDATE SET closed_at = least(${sqlTable(db, table)}.closed_at, EXCLUDED.closed_at)`,
      [[...first.keys()], [...first.values()]],
    );
  }
}
