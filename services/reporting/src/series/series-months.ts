import { DomainError } from '@mcp/service-runtime';
import { dayEnd, monthEnd, monthsBetween, REPORTING_TIME_ZONE } from '../reports/month-end';
import type { SeriesQuery } from './series.query';

/** The months of a series and the instant each point is read at, in order. */
export interface SeriesMonths {
  months: string[];
  ends: Date[];
}

const MONTH_IN_WIB = new Intl.DateTimeFormat('en-CA', { timeZone: REPORTING_TIME_ZONE, year: 'numeric', month: '2-digit' });

/** The month (YYYY-MM) an instant falls in, in WIB: from 17:00 UTC on a month's last day it is the next. */
export function monthInWib(instant: Date): string {
  return MONTH_IN_WIB.format(instant);
}

/**
 * January of the year to the last month asked (December by default, or `until`, or `asOf`'s month),
 * cut at the month under way in WIB: a month that has not ended has no month-end figure yet, so its
 * point is read at `now` and later months are left out (a future `until` or `asOf` is clamped the
 * same way, never refused). No point is ever read at an instant after `now`; a year that has not
 * begun has no points.
 */
export function seriesMonths({ year, until, asOf }: Pick<SeriesQuery, 'year' | 'until' | 'asOf'>, now: Date): SeriesMonths {
  const requested = lastMonthAsked(year, until, asOf);
  const current = monthInWib(now);
  const last = requested < current ? requested : current;
  const months = monthsBetween(`${year}-01`, last);
  const ends = months.map(monthEnd);
  // As of a day: its month's point is the state at the end of that day, not of the month.
  if (asOf !== undefined && last === requested && ends.length > 0) ends[ends.length - 1] = dayEnd(asOf);
  return { months, ends: ends.map((end) => (end.getTime() > now.getTime() ? now : end)) };
}

/** December of the year, or `until` / `asOf`'s month when it lies in the year or the next (uploads run into January). */
function lastMonthAsked(year: number, until: string | undefined, asOf: string | undefined): string {
  if (asOf !== undefined) {
    if (until !== undefined) {
      throw new DomainError('invalid-input', 'INVALID_MONTH', 'Sebutkan until atau asOf, tidak keduanya (name until or asOf, not both)', {
        until,
        asOf,
      });
    }
    if (asOf < `${year}-01-01` || asOf > `${year + 1}-12-31`) {
      throw new DomainError(
        'invalid-input',
        'INVALID_MONTH',
        `asOf harus antara ${year}-01-01 dan ${year + 1}-12-31, bukan ${asOf} (asOf must lie in the year or the next)`,
        { asOf },
      );
    }
    return asOf.slice(0, 7);
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
