import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { YEAR_PROPERTY } from '../reports/report-year.query';

const OPEN_DATA_FORMATS = ['json', 'csv'] as const;
const MONTH = /^20[0-9]{2}-(0[1-9]|1[0-2])$/;

export class OpenDataQuery {
  @ApiProperty(YEAR_PROPERTY)
  @Type(() => Number)
  @IsInt()
  @Min(2018)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ enum: OPEN_DATA_FORMATS, default: 'json', example: 'csv', description: 'JSON, or CSV with an Indonesian header row' })
  @IsOptional()
  @IsIn(OPEN_DATA_FORMATS)
  format: 'json' | 'csv' = 'json';
}

export class OpenProgressQuery extends OpenDataQuery {
  /** YYYY-MM: the month whose end (WIB) the figures are as of. */
  @ApiProperty({
    type: String,
    pattern: MONTH.source,
    example: '2024-10',
    description: 'YYYY-MM, in the year or the next (400 INVALID_MONTH otherwise): the month whose end (WIB) the figures are as of',
  })
  @Matches(MONTH)
  month: string;
}
