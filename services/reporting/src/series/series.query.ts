import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { AsOfDay } from '../reports/as-of.query';
import { ReportScopeQuery } from '../reports/report-scope.query';

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/** A series' scope, and optionally its last month (YYYY-MM) when it runs into the next year. */
export class SeriesQuery extends ReportScopeQuery {
  @ApiPropertyOptional({
    type: String,
    pattern: MONTH.source,
    example: '2025-01',
    description: 'YYYY-MM, in the year or the next: the last month of the series (default: December of the year). Not with asOf.',
  })
  @IsOptional()
  @Matches(MONTH)
  until?: string;

  /** A day (YYYY-MM-DD) instead of `until`: the series ends with the state at the end of that day (WIB). */
  @AsOfDay('A day in the year or the next, instead of until: the series runs to its month and ends with the state at the end of that day (WIB)')
  asOf?: string;
}
