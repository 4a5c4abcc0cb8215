import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ScoreSeries } from './score-series';
import { SeriesQuery } from './series.query';
import { SeriesView } from './series.view';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports/series')
export class SeriesController {
  constructor(private readonly series: ScoreSeries) {}

  @Get()
  @ApiOperation({
    summary: 'Month-end progress of a Pemda or a region: the score in force at the end of each month (WIB)',
    description:
      'year=2024 and exactly one of pemda=32.73 or region=32|wilayah-III|national; until=2025-01 runs the series into the ' +
      'next year (default: December); or asOf=2025-10-15 instead: the series runs to that month and its last point is the ' +
      'state at the end of that day (WIB), as asOf means on the completeness route and the detail export. A point is the ' +
      "last score (or region average) computed before 00:00 WIB of the next month; 0 before the year's first. " +
      'The series stops at the month under way (WIB), whose point is the state at the moment of the answer (its asOf): a ' +
      'later until or asOf is clamped to it, not refused, and a year not yet begun has no points. ' +
      'Pemda users read their own Pemda only. 400 SCOPE_REQUIRED, INVALID_MONTH (until or asOf outside the year and the next); ' +
      '404 UNKNOWN_PEMDA, UNKNOWN_REGION.',
  })
  @ApiOkResponse({ type: SeriesView })
  get(@CurrentPrincipal() principal: AuthPrincipal, @Query() query: SeriesQuery): Promise<SeriesView> {
    return this.series.series(principal, query);
  }
}
