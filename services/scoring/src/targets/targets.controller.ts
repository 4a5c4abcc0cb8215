import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ScoreYearQuery } from '../score-year.query';
import { SetTargetDto } from './set-target.dto';
import { TargetView } from './target.view';
import { TargetsService } from './targets.service';

@ApiTags('targets')
@ApiBearerAuth()
@Controller('v1/scores/pemda')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Put(':pemdaCode/target')
  @Roles('admin')
  @ApiOperation({
    summary: "Set a Pemda's target for a year (admin)",
    description:
      'Every Pemda has the national target (DEFAULT_TARGET, 75 unless configured) until an admin sets its own. ' +
      'The score view shows the target and the gap to it. 404 UNKNOWN_PEMDA / UNKNOWN_FRAMEWORK_YEAR.',
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73' })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2024 })
  @ApiOkResponse({ type: TargetView })
  async setTarget(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() query: ScoreYearQuery,
    @Body() body: SetTargetDto,
  ): Promise<TargetView> {
    const setting = await this.targets.setTarget(principal, pemdaCode, query.year, body.target);
    return { pemdaCode, year: query.year, target: setting.value.toNumber(), targetSource: setting.source };
  }
}
