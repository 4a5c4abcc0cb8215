import { WILAYAH, type Wilayah } from '@mcp/mcp-domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReportYearQuery } from '../reports/report-year.query';

/** `?year=2024`, optionally `&wilayah=III`. */
export class TurnaroundQuery extends ReportYearQuery {
  @ApiPropertyOptional({ enum: WILAYAH, example: 'III', description: 'Only the decisions on Pemda of this wilayah (default: every wilayah)' })
  @IsOptional()
  @IsIn(WILAYAH)
  wilayah?: Wilayah;
}
