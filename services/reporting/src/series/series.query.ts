import { IsOptional, Matches } from 'class-validator';
import { AsOfDay } from '../reports/as-of.query';
import { ReportScopeQuery } from '../reports/report-scope.query';

/** A series' scope, and optionally its last month (YYYY-MM) when it runs into the next year. */
export class SeriesQuery extends ReportScopeQuery {
  @IsOptional()
  @Matches(/^[0-9]{4}-(0[1-9]|1[0-2])$/)
  until?: string;

  /** A day (YYYY-MM-DD) instead of `until`: the series ends with the state at the end of that day (WIB). */
  @AsOfDay()
  asOf?: string;
}
