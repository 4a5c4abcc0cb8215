import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ScoreYearQuery } from '../score-year.query';
import { PathToTargetView, ScoreExplanationView } from './explanation.view';
import { ScoreExplanationsService } from './score-explanations.service';

@ApiTags('scores')
@ApiBearerAuth()
@Controller('v1/scores/pemda')
export class ScoreExplanationsController {
  constructor(private readonly explanations: ScoreExplanationsService) {}

  @Get(':pemdaCode/explain')
  @ApiOperation({
    summary: "How a Pemda's score was computed: area → indicator → sub-indicator",
    description:
      'Every node with its weight and score and the arithmetic that produced it; every sub-indicator with its ' +
      'claimed and verified value, the decision in force (id, outcome, time) and the evidence ids behind it. ' +
      "Exact decimal strings throughout; the total equals the score's totalExact. Same readers as the score.",
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73' })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2024 })
  @ApiOkResponse({ type: ScoreExplanationView })
  explain(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() query: ScoreYearQuery,
  ): Promise<ScoreExplanationView> {
    return this.explanations.explain(principal, pemdaCode, query.year);
  }

  @Get(':pemdaCode/path-to-target')
  @ApiOperation({
    summary: 'The priority list: open sub-indicators by gain, and the fewest that reach the target',
    description:
      'gain = the sub-indicator\'s share of the total × (100 − its verified value now) / 100, i.e. what the total ' +
      'rises by if it is verified at 100. Sorted descending (framework order on ties); `priority` takes from the ' +
      'top until total + gains ≥ target. This is the smallest such set: the roll-up is linear, so gains are ' +
      'independent and the k largest gains are the most any k items can add. `reachable` is false when even ' +
      'every open item at 100 falls short. Same readers as the score.',
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73' })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2024 })
  @ApiOkResponse({ type: PathToTargetView })
  pathToTarget(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() query: ScoreYearQuery,
  ): Promise<PathToTargetView> {
    return this.explanations.pathToTarget(principal, pemdaCode, query.year);
  }
}
