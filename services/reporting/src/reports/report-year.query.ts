import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** The `year` every reporting query validates the same way (2018 to 2100); each declares its own validators. */
export const YEAR_PROPERTY: ApiPropertyOptions = {
  type: 'integer',
  minimum: 2018,
  maximum: 2100,
  example: 2024,
  description: 'Assessment year (2018 or later)',
};

/** `?year=2024`: the assessment year of a report (MCP started in 2018). */
export class ReportYearQuery {
  @ApiProperty(YEAR_PROPERTY)
  @Type(() => Number)
  @IsInt()
  @Min(2018)
  @Max(2100)
  year: number;
}
