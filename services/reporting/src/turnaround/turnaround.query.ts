import { WILAYAH, type Wilayah } from '@mcp/mcp-domain';
import { IsIn, IsOptional } from 'class-validator';
import { ReportYearQuery } from '../reports/report-year.query';

/** `?year=2024`, optionally `&wilayah=III`. */
export class TurnaroundQuery extends ReportYearQuery {
  @IsOptional()
  @IsIn(WILAYAH)
  wilayah?: Wilayah;
}
