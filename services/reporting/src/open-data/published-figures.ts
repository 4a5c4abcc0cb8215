import { ReferenceData } from '@mcp/reference-data';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rankDescending } from '../reports/competition-rank';
import { monthEnd } from '../reports/month-end';
import { publishedScore } from '../reports/published-score';
import { CLOSED_YEAR, PEMDA_REPORT, SCORE_HISTORY } from '../reports/report.repository';

/** One published figure: a Pemda's score, with no person and nothing from before publication. */
export interface OpenDataRow {
  rank: number;
  pemdaCode: string;
  name: string;
  kind: string;
  provinceCode: string;
  wilayah: string;
  total: number;
}

export interface OpenDataSet {
  year: number;
  /** `final` (a closed year) or `month-end` (as of the end of `month`, WIB). */
  kind: 'final' | 'month-end';
  month: string | null;
  /** When the figures became final or the month ended. */
  publishedAt: string;
  rows: OpenDataRow[];
}

/**
 * How long after a month's end its figures wait: the scores computed just before midnight reach
 * this read model a moment later, and a set published at 00:00:01 without them would be cached by
 * mirrors (an hour) and differ from the one asked for a minute after.
 */
export const MONTH_END_GRACE_MS = 15 * 60_000;

/**
 * What may be published, and only that: final scores of a closed year, and the month-end figures of
 * a month that has ended. Anything else is refused with 404, so an open year's live scores never
 * leave through these routes.
 */
@Injectable()
export class PublishedFigures {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
  ) {}

  async finalScores(year: number): Promise<OpenDataSet> {
    const db = this.dataSource.manager;
    const [closed]: { closed_at: Date; final_scores: { pemdaCode: string; total: string }[] | null }[] = await db.query(
      `SELECT closed_at, final_scores FROM ${sqlTable(db, CLOSED_YEAR)} WHERE year = $1`,
      [year],
    );
    if (!closed) {
      throw new DomainError('not-found', 'NOT_PUBLISHED', `Nilai akhir tahun ${year} belum diterbitkan: tahun belum ditutup (not published)`, {
        year,
      });
    }
    // The scores the closing carried (#140): exactly what scoring closed, whether or not the last of
    // them has come through the scores' own topic yet. A year closed before they travelled with it
    // falls back to the copy kept from that topic.
    const totals: { pemda_code: string; total: string }[] = closed.final_scores
      ? closed.final_scores.map(({ pemdaCode, total }) => ({ pemda_code: pemdaCode, total }))
      : await db.query(`SELECT pemda_code, total::text FROM ${sqlTable(db, PEMDA_REPORT)} WHERE year = $1`, [year]);
    return {
      year,
      kind: 'final',
      month: null,
      publishedAt: closed.closed_at.toISOString(),
      rows: await this.ranked(totals),
    };
  }

  async monthEndProgress(year: number, month: string, now = new Date()): Promise<OpenDataSet> {
    // As the series: the year's months and the next year's (uploads run into January). Another
    // month would publish 546 zeros, cached by mirrors for an hour.
    if (month < `${year}-01` || month > `${year + 1}-12`) {
      throw new DomainError('invalid-input', 'INVALID_MONTH', `month harus antara ${year}-01 dan ${year + 1}-12, bukan ${month} (month must lie in the year or the next)`, {
        year,
        month,
      });
    }
    const end = monthEnd(month);
    if (end.getTime() + MONTH_END_GRACE_MS > now.getTime()) {
      throw new DomainError(
        'not-found',
        'NOT_PUBLISHED',
        `Kemajuan per akhir ${month} belum diterbitkan: diterbitkan ${MONTH_END_GRACE_MS / 60_000} menit setelah bulan berakhir (not published yet)`,
        { year, month },
      );
    }
    // No framework, no MCP that year: ranking every Pemda at 0 would publish a table that never existed.
    if (!(await this.referenceData.frameworkFor(year))) {
      throw new DomainError(
        'not-found',
        'NOT_PUBLISHED',
        `Kemajuan tahun ${year} tidak diterbitkan: tidak ada kerangka MCP tahun itu (not published: no MCP framework for ${year})`,
        { year, month },
      );
    }
    const db = this.dataSource.manager;
    const totals: { pemda_code: string; total: string }[] = await db.query(
      `SELECT DISTINCT ON (pemda_code) pemda_code, total::text FROM ${sqlTable(db, SCORE_HISTORY)}
       WHERE year = $1 AND computed_at < $2
       ORDER BY pemda_code, computed_at DESC, event_id`,
      [year, end],
    );
    return { year, kind: 'month-end', month, publishedAt: end.toISOString(), rows: await this.ranked(totals) };
  }

  private async ranked(totals: { pemda_code: string; total: string }[]): Promise<OpenDataRow[]> {
    const byCode = new Map(totals.map((row) => [row.pemda_code, row.total]));
    const rows = (await this.referenceData.allPemda()).map(({ code, name, kind, provinceCode, wilayah }) => ({
      pemdaCode: code,
      name,
      kind,
      provinceCode,
      wilayah,
      total: publishedScore(byCode.get(code) ?? '0'),
    }));
    return rankDescending(rows, (row) => row.total, (row) => row.pemdaCode);
  }
}
