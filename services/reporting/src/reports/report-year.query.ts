import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** `?year=2024`: the assessment year of a report (MCP started in 2018). */
export class ReportYearQuery {
  @Type(() => Number)
  @IsInt()
  @Min(2018)
  @Max(2100)
  year: number;
}
