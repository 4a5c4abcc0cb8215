import { IsOptional, Matches } from 'class-validator';
import { ReportScopeQuery } from '../reports/report-scope.query';

/** A series' scope, and optionally its last month (YYYY-MM) when it runs into the next year. */
export class SeriesQuery extends ReportScopeQuery {
  @IsOptional()
  @Matches(/^[0-9]{4}-(0[1-9]|1[0-2])$/)
  until?: string;
}
