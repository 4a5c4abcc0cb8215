import { IsIn } from 'class-validator';
import { AsOfDay } from '../reports/as-of.query';
import { ReportYearQuery } from '../reports/report-year.query';
import { EXPORT_FORMATS, type ExportFormat } from './table-export';

/** `?year=2024&format=xlsx`, optionally `&asOf=2024-10-31` (the state at the end of that day, WIB). */
export class DetailExportQuery extends ReportYearQuery {
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @AsOfDay()
  asOf?: string;
}
