import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ScoreYearQuery } from '../score-year.query';
import { PemdaScoreView } from './pemda-score.view';
import { PemdaScoresService } from './pemda-scores.service';

@ApiTags('scores')
@ApiBearerAuth()
@Controller('v1/scores/pemda')
export class PemdaScoresController {
  constructor(private readonly scores: PemdaScoresService) {}

  @Get(':pemdaCode')
  @ApiOperation({
    summary: "A Pemda's score for a year: total and per area, from its verified values only",
    description:
      'Only verified values (nilai_verifikasi) count; a sub-indicator without an approval scores 0, so a Pemda ' +
      'without verified evidence has total 0 and every area 0. Numbers are rounded half-up to 2 decimals; ' +
      '`totalExact`/`scoreExact` carry the exact values. Pemda operators and admins may read only their own ' +
      'Pemda (403); verifier, qa, analyst and admin may read any. 404 UNKNOWN_PEMDA / UNKNOWN_FRAMEWORK_YEAR.',
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73', description: 'Kemendagri code of the Pemda' })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2024 })
  @ApiOkResponse({ type: PemdaScoreView })
  scoreOf(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() query: ScoreYearQuery,
  ): Promise<PemdaScoreView> {
    return this.scores.scoreFor(principal, pemdaCode, query.year);
  }
}
