import { assertMayReadPemda, assertMayReadRegion, type AuthPrincipal } from '@mcp/auth';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dayEnd, monthEnd, monthsBetween } from '../reports/month-end';
import { publishedScore } from '../reports/published-score';
import { requireRegion } from '../reports/region-scope';
import { REGION_HISTORY, SCORE_HISTORY } from '../reports/report.repository';
import { scopeOf } from '../reports/report-scope.query';
import type { SeriesQuery } from './series.query';
import type { SeriesView } from './series.view';

/**
 * Month-end progress, as KPK reports it ("as of October"): for each month, the last score (or
 * region average) computed before the month ended in WIB, from the score histories. The same rule
 * as the open-data progress route, over one Pemda or one region and a run of months.
 */
@Injectable()
export class ScoreSeries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
  ) {}

  async series(principal: AuthPrincipal, query: SeriesQuery): Promise<SeriesView> {
    const { year } = query;
    const months = monthsBetween(`${year}-01`, this.lastMonth(query));
    const scope = scopeOf(query);
    const db = this.dataSource.manager;
    const ends = months.map(monthEnd);
    // As of a day: its month's point is the state at the end of that day, not of the month.
    if (query.asOf !== undefined) ends[ends.length - 1] = dayEnd(query.asOf);
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

  /** December of the year, or `until` when it lies in the year or the next (uploads run into January). */
  private lastMonth({ year, until, asOf }: SeriesQuery): string {
    if (asOf !== undefined) {
      if (until !== undefined) {
        throw new DomainError('invalid-input', 'INVALID_MONTH', 'Sebutkan until atau asOf, tidak keduanya (name until or asOf, not both)', {
          until,
          asOf,
        });
      }
      until = asOf.slice(0, 7);
    }
    if (until === undefined) return `${year}-12`;
    if (until < `${year}-01` || until > `${year + 1}-12`) {
      throw new DomainError(
        'invalid-input',
        'INVALID_MONTH',
        `until harus antara ${year}-01 dan ${year + 1}-12, bukan ${until} (until must lie in the year or the next)`,
        { until },
      );
    }
    return until;
  }
}
