import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ScoreAsOfQuery } from '../score-year.query';
import { PemdaScoreView } from './pemda-score.view';
import { PemdaScoresService } from './pemda-scores.service';

@ApiTags('scores')
@ApiBearerAuth()
@Controller('v1/scores/pemda')
export class PemdaScoresController {
  constructor(private readonly scores: PemdaScoresService) {}

  @Get(':pemdaCode')
  @ApiOperation({
    summary: "A Pemda's score for a year: total and per area from verified values, claims, band and target",
    description:
      'Only verified values (nilai_verifikasi) count; a sub-indicator without an approval scores 0, so a Pemda ' +
      'without verified evidence has total 0 and every area 0. Beside it: the same roll-up over the claims (nilai) ' +
      "of the decided sub-indicators and the gap claimGap = claimedTotal − total; the colour band of the rounded " +
      "total by the year's thresholds; the target (the Pemda's own, else the national default) and gapToTarget = " +
      'target − total (≤ 0: met); frameworkRevision, the revision the score was computed with. Numbers are ' +
      'rounded half-up to 2 decimals; the *Exact fields carry exact values. `asOf` (a date = end of that day in ' +
      "the framework's zone, or an ISO instant with offset) answers from the score history: the last change at " +
      'or before it. Pemda operators and admins may read only their own Pemda (403); verifier, qa, analyst and ' +
      'admin may read any. 404 UNKNOWN_PEMDA / UNKNOWN_FRAMEWORK_YEAR, 400 INVALID_AS_OF.',
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73', description: 'Kemendagri code of the Pemda' })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2024 })
  @ApiQuery({ name: 'asOf', type: String, required: false, example: '2024-10-31' })
  @ApiOkResponse({ type: PemdaScoreView })
  scoreOf(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() query: ScoreAsOfQuery,
  ): Promise<PemdaScoreView> {
    return this.scores.scoreFor(principal, pemdaCode, query.year, query.asOf);
  }
}
