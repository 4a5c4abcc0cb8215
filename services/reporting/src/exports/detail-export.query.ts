import { IsIn, IsOptional, Matches } from 'class-validator';
import { ReportYearQuery } from '../reports/report-year.query';
import { EXPORT_FORMATS, type ExportFormat } from './table-export';

/** `?year=2024&format=xlsx`, optionally `&asOf=2024-10-31` (the state at the end of that day, WIB). */
export class DetailExportQuery extends ReportYearQuery {
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @IsOptional()
  @Matches(/^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/)
  asOf?: string;
}
