import { PEMDA_KINDS, WILAYAH, type PemdaKind } from '@mcp/mcp-domain';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

export const RANKING_SCOPES = ['national', 'province', 'wilayah'] as const;
export type RankingScope = (typeof RANKING_SCOPES)[number];

/** `?year=2024&scope=province&region=32&kind=kota`. */
export class RankingQuery {
  @Type(() => Number)
  @IsInt()
  @Min(2018)
  @Max(2100)
  year: number;

  @IsOptional()
  @IsIn(RANKING_SCOPES)
  scope: RankingScope = 'national';

  /** A province code for scope=province, a wilayah numeral (I … V) for scope=wilayah. */
  @ValidateIf((query: RankingQuery) => query.scope !== 'national')
  @IsString()
  @Matches(/^([0-9]{2}|I|II|III|IV|V)$/)
  region?: string;

  @IsOptional()
  @IsIn(PEMDA_KINDS)
  kind?: PemdaKind;
}

export const WILAYAH_CODES: readonly string[] = WILAYAH;
