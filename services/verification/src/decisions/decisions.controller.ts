import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@mcp/service-runtime';
import type { DataSource } from 'typeorm';
import { CorrectDecisionDto, DecideTaskDto } from './decide-task.dto';
import { DecisionReceipt } from './decision-receipt.view';
import { DecisionView, toDecisionView } from './decision.view';
import { DecisionsService } from './decisions.service';
import { RejectionReasons } from './rejection-reason.repository';
import { RejectionReasonView } from './rejection-reason.view';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller()
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly reasons: RejectionReasons,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post('v1/tasks/:id/decision')
  @HttpCode(201)
  @Roles('verifier')
  @ApiOperation({
    summary: 'Putuskan: approve with a rubric-step value, reject with a reason code and a note, or request revision with a note',
    description:
      'Only the holder of a live claim; refused on a closed year, on a task cancelled because a published revision dropped its ' +
      'sub-indicator (409 SUB_INDICATOR_REMOVED), on evidence that changed since you saw it (send evidenceChangedAt), ' +
      'and for a revision request beyond MAX_REVISION_ROUNDS. Sent again by the verifier who decided it (an answer lost on the way): ' +
      '409 TASK_ALREADY_DECIDED with details.decisionId. Emits mcp.evidence.verified.v1.',
  })
  @ApiCreatedResponse({ type: DecisionReceipt })
  decide(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: DecideTaskDto,
  ): Promise<DecisionReceipt> {
    return this.decisions.decide(principal, id, input);
  }

  @Post('v1/decisions/:id/correction')
  @HttpCode(201)
  @Roles('verifier')
  @ApiOperation({
    summary: 'Koreksi keputusan sendiri',
    description:
      'Within CORRECTION_PERIOD_DAYS of the first decision, while it is still in force: a new decision (higher sequence) ' +
      'replaces it; the old one stays in history.',
  })
  @ApiCreatedResponse({ type: DecisionReceipt })
  correct(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: CorrectDecisionDto,
  ): Promise<DecisionReceipt> {
    return this.decisions.correct(principal, id, input);
  }

  @Get('v1/my/decisions')
  @Roles('verifier', 'qa')
  @ApiOperation({ summary: 'Riwayat keputusan saya, newest first' })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  @ApiQuery({ name: 'before', required: false, description: 'ISO time: only decisions before it (paging)' })
  @ApiOkResponse({ type: [DecisionView] })
  async mine(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('before') before?: string,
  ): Promise<DecisionView[]> {
    const beforeTime = before === undefined ? undefined : new Date(before);
    if (beforeTime && Number.isNaN(beforeTime.getTime())) {
      throw new DomainError('invalid-input', 'INVALID_BEFORE', 'before harus waktu ISO-8601 (before must be an ISO time)');
    }
    return (await this.decisions.mine(principal, Math.min(Math.max(limit, 1), 500), beforeTime)).map(toDecisionView);
  }

  @Get('v1/rejection-reasons')
  @Roles('verifier', 'qa', 'admin')
  @ApiOperation({ summary: 'Daftar alasan penolakan: the codes a rejection may carry' })
  @ApiOkResponse({ type: [RejectionReasonView] })
  async rejectionReasons(): Promise<RejectionReasonView[]> {
    return (await this.reasons.active(this.dataSource.manager)).map(({ code, label }) => ({ code, label }));
  }
}
