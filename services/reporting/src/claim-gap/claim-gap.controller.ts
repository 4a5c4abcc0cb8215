import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ReportYearQuery } from '../reports/report-year.query';
import { ClaimGap } from './claim-gap';
import { ClaimGapView } from './claim-gap.view';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports/pemda/:pemdaCode/claim-gap')
export class ClaimGapController {
  constructor(private readonly claimGap: ClaimGap) {}

  @Get()
  @ApiOperation({
    summary: "A Pemda's claimed-vs-verified gap (nilai against nilai_verifikasi), overall and per area",
    description:
      'Over the sub-indicators whose decision in force approves or rejects: the claim of the newest upload not withdrawn ' +
      'against the verified value of the decision in force (a rejection counts 0), rolled up by the framework weights. ' +
      'Pemda users read their own Pemda only. 404 UNKNOWN_PEMDA, UNKNOWN_FRAMEWORK_YEAR.',
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73' })
  @ApiOkResponse({ type: ClaimGapView })
  get(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() { year }: ReportYearQuery,
  ): Promise<ClaimGapView> {
    return this.claimGap.gap(principal, pemdaCode, year);
  }
}
