import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class OpenDataQuery {
  @Type(() => Number)
  @IsInt()
  @Min(2018)
  @Max(2100)
  year: number;

  @IsOptional()
  @IsIn(['json', 'csv'])
  format: 'json' | 'csv' = 'json';
}

export class OpenProgressQuery extends OpenDataQuery {
  /** YYYY-MM: the month whose end (WIB) the figures are as of. */
  @Matches(/^20[0-9]{2}-(0[1-9]|1[0-2])$/)
  month: string;
}
