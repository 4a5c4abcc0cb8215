import { ParseYearPipe } from '@mcp/service-runtime';
import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { YearStatusView } from './year-status.view';
import { YearsService } from './years.service';

@ApiTags('years')
@ApiBearerAuth()
@Controller('v1/years')
export class YearsController {
  constructor(private readonly years: YearsService) {}

  @Get(':year')
  @ApiOperation({ summary: 'Whether a year is closed (its scores final)', description: 'Any authenticated role.' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiOkResponse({ type: YearStatusView })
  status(@CurrentPrincipal() viewer: AuthPrincipal, @Param('year', new ParseYearPipe()) year: number): Promise<YearStatusView> {
    return this.years.statusOf(viewer, year);
  }

  @Post(':year/close')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Close a year: its scores become final (admin)',
    description:
      'Emits mcp.year.closed.v1. Afterwards the final scores never change: a late verification decision for ' +
      'the year is refused with the reason and announced (mcp.decision.refused.v1), never applied; ' +
      'importing or publishing a framework revision for the year is refused (409 YEAR_CLOSED). Closing waits ' +
      'for decisions being applied at that moment. 409 YEAR_ALREADY_CLOSED, 404 UNKNOWN_FRAMEWORK_YEAR.',
  })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiOkResponse({ type: YearStatusView })
  close(@CurrentPrincipal() principal: AuthPrincipal, @Param('year', new ParseYearPipe()) year: number): Promise<YearStatusView> {
    return this.years.close(principal, year);
  }
}
