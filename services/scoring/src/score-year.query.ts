import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString } from 'class-validator';

/** `?year=2024`: every score belongs to one year's framework. Documented by each route's @ApiQuery. */
export class ScoreYearQuery {
  @Type(() => Number)
  @IsInt({ message: 'year wajib berupa tahun, mis. 2024 (year must be an integer, e.g. 2024)' })
  year: number;
}

/** `?year=2024&asOf=2024-10-31`: the figures as they stood then (parsed by asOfInstant). */
export class ScoreAsOfQuery extends ScoreYearQuery {
  @IsOptional()
  @IsString()
  asOf?: string;
}
