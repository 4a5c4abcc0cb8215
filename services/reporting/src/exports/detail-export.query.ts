import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { AsOfDay } from '../reports/as-of.query';
import { ReportYearQuery } from '../reports/report-year.query';
import { EXPORT_FORMATS, type ExportFormat } from './table-export';

/** `?year=2024&format=xlsx`, optionally `&asOf=2024-10-31` (the state at the end of that day, WIB). */
export class DetailExportQuery extends ReportYearQuery {
  @ApiProperty({ enum: EXPORT_FORMATS, example: 'xlsx', description: 'The file format' })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @AsOfDay('The state at the end of that day (WIB): uploads before it and not withdrawn by then, the decision in force then (default: now)')
  asOf?: string;
}
