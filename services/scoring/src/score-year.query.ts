import { Type } from 'class-transformer';
import { YEAR_RANGE } from '@mcp/service-runtime';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** `?year=2024`: every score belongs to one year's framework. Documented by each route's @ApiQuery. */
export class ScoreYearQuery {
  @Type(() => Number)
  @IsInt({ message: 'year wajib berupa tahun, mis. 2024 (year must be an integer, e.g. 2024)' })
  // Beyond int4 the database answered 500; beyond the frameworks' range there is nothing to find.
  @Min(YEAR_RANGE.min, { message: `year paling awal ${YEAR_RANGE.min} (year must be at least ${YEAR_RANGE.min})` })
  @Max(YEAR_RANGE.max, { message: `year paling akhir ${YEAR_RANGE.max} (year must be at most ${YEAR_RANGE.max})` })
  year: number;
}

/** `?year=2024&asOf=2024-10-31`: the figures as they stood then (parsed by asOfInstant). */
export class ScoreAsOfQuery extends ScoreYearQuery {
  @IsOptional()
  @IsString()
  asOf?: string;
}
