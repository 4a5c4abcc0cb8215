import { assertMayReadPemda, assertMayReadRegion, type AuthPrincipal } from '@mcp/auth';
import { ReferenceData } from '@mcp/reference-data';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { publishedScore } from '../reports/published-score';
import { requireRegion } from '../reports/region-scope';
import { REGION_HISTORY, SCORE_HISTORY } from '../reports/report.repository';
import { scopeOf } from '../reports/report-scope.query';
import { seriesMonths } from './series-months';
import type { SeriesQuery } from './series.query';
import type { SeriesView } from './series.view';

/**
 * Month-end progress, as KPK reports it ("as of October"): for each month, the last score (or
 * region average) computed before the month ended in WIB, from the score histories. The same rule
 * as the open-data progress route, over one Pemda or one region and a run of months; the month
 * under way is read as of now, never shown as a month-end figure it does not have yet.
 */
@Injectable()
export class ScoreSeries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
  ) {}

  /** `now`: the moment of the answer; the month under way is read at it (see seriesMonths). */
  async series(principal: AuthPrincipal, query: SeriesQuery, now = new Date()): Promise<SeriesView> {
    const { year } = query;
    const { months, ends } = seriesMonths(query, now);
    const scope = scopeOf(query);
    const db = this.dataSource.manager;
    let values: (string | null)[];
    if ('pemda' in scope) {
      assertMayReadPemda(principal, scope.pemda);
      await this.referenceData.requirePemda(scope.pemda);
      values = await this.valuesAt(`SELECT total AS value FROM ${sqlTable(db, SCORE_HISTORY)}
        WHERE year = $1 AND pemda_code = $2 AND computed_at < m.month_end ORDER BY computed_at DESC, event_id LIMIT 1`, year, scope.pemda, ends);
    } else {
      const { members } = requireRegion(await this.referenceData.allPemda(), scope.region);
      assertMayReadRegion(principal, scope.region, members.map(({ code }) => code));
      values = await this.valuesAt(`SELECT average AS value FROM ${sqlTable(db, REGION_HISTORY)}
        WHERE year = $1 AND region_code = $2 AND updated_at < m.month_end ORDER BY updated_at DESC, event_id LIMIT 1`, year, scope.region, ends);
    }
    return {
      year,
      pemdaCode: 'pemda' in scope ? scope.pemda : null,
      regionCode: 'region' in scope ? scope.region : null,
      points: months.map((month, index) => {
        const exact = values[index] ?? '0';
        return { month, asOf: ends[index].toISOString(), score: publishedScore(exact), scoreExact: exact };
      }),
    };
  }

  /** The value in force at each month end, in order; null before the first of the year. */
  private async valuesAt(lateral: string, year: number, code: string, ends: Date[]): Promise<(string | null)[]> {
    const db = this.dataSource.manager;
    const rows: { value: string | null }[] = await db.query(
      `SELECT h.value::text AS value
         FROM unnest($3::timestamptz[]) WITH ORDINALITY AS m(month_end, n)
         LEFT JOIN LATERAL (${lateral}) h ON true
        ORDER BY m.n`,
      [year, code, ends],
    );
    return rows.map((row) => row.value);
  }
}
