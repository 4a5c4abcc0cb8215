import { DomainError } from '@mcp/service-runtime';
import { IsOptional, Matches } from 'class-validator';
import { ReportYearQuery } from './report-year.query';

/** `?year=2024&pemda=32.73` or `?year=2024&region=32|wilayah-III|national`: exactly one of the two. */
export class ReportScopeQuery extends ReportYearQuery {
  @IsOptional()
  @Matches(/^[0-9]{2}(\.[0-9]{2})?$/)
  pemda?: string;

  @IsOptional()
  @Matches(/^([0-9]{2}|wilayah-(I|II|III|IV|V)|national)$/)
  region?: string;
}

/** Which of the two the query names; 400 SCOPE_REQUIRED for neither or both. */
export function scopeOf(query: ReportScopeQuery): { pemda: string } | { region: string } {
  if (query.pemda !== undefined && query.region === undefined) return { pemda: query.pemda };
  if (query.region !== undefined && query.pemda === undefined) return { region: query.region };
  throw new DomainError(
    'invalid-input',
    'SCOPE_REQUIRED',
    'Sebutkan tepat satu dari pemda=<kode Pemda> atau region=<kode provinsi | wilayah-I … wilayah-V | national> (name exactly one of pemda, region)',
  );
}
