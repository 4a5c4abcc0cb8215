import { DomainError } from '@mcp/service-runtime';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ReportYearQuery } from './report-year.query';

const PEMDA_CODE = /^[0-9]{2}(\.[0-9]{2})?$/;
const REGION_CODE = /^([0-9]{2}|wilayah-(I|II|III|IV|V)|national)$/;

/** `?year=2024&pemda=32.73` or `?year=2024&region=32|wilayah-III|national`: exactly one of the two. */
export class ReportScopeQuery extends ReportYearQuery {
  @ApiPropertyOptional({
    type: String,
    pattern: PEMDA_CODE.source,
    example: '32.73',
    description: 'Kemendagri code of one Pemda. Name exactly one of pemda and region (400 SCOPE_REQUIRED otherwise).',
  })
  @IsOptional()
  @Matches(PEMDA_CODE)
  pemda?: string;

  @ApiPropertyOptional({
    type: String,
    pattern: REGION_CODE.source,
    example: 'wilayah-III',
    description: 'A province code (32), wilayah-I … wilayah-V or national. Name exactly one of pemda and region.',
  })
  @IsOptional()
  @Matches(REGION_CODE)
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
