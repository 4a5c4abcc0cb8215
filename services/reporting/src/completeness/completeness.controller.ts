import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CompletenessQuery } from './completeness.query';
import { CompletenessView } from './completeness.view';
import { EvidenceCompleteness } from './evidence-completeness';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports/completeness')
export class CompletenessController {
  constructor(private readonly completeness: EvidenceCompleteness) {}

  @Get()
  @ApiOperation({
    summary: "Completeness: the share of the year's sub-indicators with evidence uploaded, and with a verdict",
    description:
      'year=2024 and exactly one of pemda=32.73 or region=32|wilayah-III|national. Uploaded: at least one upload not ' +
      'withdrawn. Verified: the decision in force approves or rejects (a revision request does not count). A region ' +
      'averages over every Pemda of it, one without uploads counting 0. asOf=2024-10-31 answers the state at the end of ' +
      'that day (WIB), as the detail export does: uploads and withdrawals before it, the decision in force then. ' +
      'Pemda users read their own Pemda only. ' +
      '400 SCOPE_REQUIRED; 404 UNKNOWN_PEMDA, UNKNOWN_REGION, UNKNOWN_FRAMEWORK_YEAR.',
  })
  @ApiOkResponse({ type: CompletenessView })
  get(@CurrentPrincipal() principal: AuthPrincipal, @Query() query: CompletenessQuery): Promise<CompletenessView> {
    return this.completeness.completeness(principal, query);
  }
}
