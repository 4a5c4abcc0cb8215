import { PEMDA_KINDS, WILAYAH, type PemdaKind } from '@mcp/mcp-domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { YEAR_PROPERTY } from '../reports/report-year.query';

export const RANKING_SCOPES = ['national', 'province', 'wilayah'] as const;
export type RankingScope = (typeof RANKING_SCOPES)[number];

const RANKING_REGION = /^([0-9]{2}|I|II|III|IV|V)$/;

/** `?year=2024&scope=province&region=32&kind=kota`. */
export class RankingQuery {
  @ApiProperty(YEAR_PROPERTY)
  @Type(() => Number)
  @IsInt()
  @Min(2018)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({
    enum: RANKING_SCOPES,
    default: 'national',
    example: 'province',
    description: 'Rank nationally, within a province or within a wilayah',
  })
  @IsOptional()
  @IsIn(RANKING_SCOPES)
  scope: RankingScope = 'national';

  /** A province code for scope=province, a wilayah numeral (I … V) for scope=wilayah; optional in the document, as only those scopes ask for it. */
  @ApiPropertyOptional({
    type: String,
    pattern: RANKING_REGION.source,
    example: '32',
    description:
      'Required with scope=province (a province code, 32) and scope=wilayah (I … V); not read with scope=national. ' +
      '404 UNKNOWN_REGION for a code of neither.',
  })
  @ValidateIf((query: RankingQuery) => query.scope !== 'national')
  @IsString()
  @Matches(RANKING_REGION)
  region?: string;

  @ApiPropertyOptional({ enum: PEMDA_KINDS, example: 'kota', description: 'Only Pemda of this kind (default: every kind)' })
  @IsOptional()
  @IsIn(PEMDA_KINDS)
  kind?: PemdaKind;
}

export const WILAYAH_CODES: readonly string[] = WILAYAH;
