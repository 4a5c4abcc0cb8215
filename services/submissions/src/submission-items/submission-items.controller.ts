import { ParseYearPipe } from '@mcp/service-runtime';
import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ChangeClaimDto } from './change-claim.dto';
import { SubmissionItemView } from './item.view';
import { ProgressView } from './progress.view';
import { SubmissionClaims } from './submission-claims';
import { SubmissionHistoryView } from './submission-history.view';
import { SubmissionProgress } from './submission-progress';

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('v1/pemda/:pemdaCode')
export class SubmissionItemsController {
  constructor(
    private readonly progressViews: SubmissionProgress,
    private readonly claims: SubmissionClaims,
  ) {}

  @Get('progress')
  @ApiOperation({
    summary: "A Pemda's progress for a year: every sub-indicator of the framework with its status, files, claimed and verified values",
    description:
      "The owning Pemda; verifiers, QA, analysts and admins of every Pemda (the files themselves only to the Pemda, the " +
      "verifiers and QA of its wilayah, and admins). Includes the deadline in force, in the Pemda's zone.",
  })
  @ApiQuery({ name: 'year', example: 2024 })
  @ApiOkResponse({ type: ProgressView })
  progress(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query('year', new ParseYearPipe()) year: number,
  ): Promise<ProgressView> {
    return this.progressViews.progress(principal, pemdaCode, year);
  }

  @Get('submissions/:year/:subIndicatorCode')
  @ApiOperation({
    summary: "One submission's history: every version, every claim change and decision, with who, when and why",
  })
  @ApiOkResponse({ type: SubmissionHistoryView })
  history(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Param('year', new ParseYearPipe()) year: number,
    @Param('subIndicatorCode') subIndicatorCode: string,
  ): Promise<SubmissionHistoryView> {
    return this.progressViews.history(principal, pemdaCode, year, subIndicatorCode);
  }

  @Put('submissions/:year/:subIndicatorCode/claim')
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({
    summary: 'Set the self-assessment (nilai) of a sub-indicator',
    description:
      'Until the item is verified (409 CLAIM_LOCKED once approved or rejected with nothing pending) and the upload deadline ' +
      '(422 UPLOAD_DEADLINE_PASSED). Verification learns the claim with the next upload of the item, so while evidence ' +
      'awaits a decision the claim changes only with an upload (409 CLAIM_UNDER_VERIFICATION; the same value is accepted).',
  })
  @ApiOkResponse({ type: SubmissionItemView })
  changeClaim(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Param('year', new ParseYearPipe()) year: number,
    @Param('subIndicatorCode') subIndicatorCode: string,
    @Body() input: ChangeClaimDto,
  ): Promise<SubmissionItemView> {
    return this.claims.change(principal, { pemdaCode, year, subIndicatorCode }, input);
  }
}
