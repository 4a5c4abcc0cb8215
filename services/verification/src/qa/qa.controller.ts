import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@mcp/service-runtime';
import { ConfirmReviewDto, OverturnReviewDto } from './qa-review.dto';
import { QA_REVIEW_STATUSES, type QaReviewStatus } from './qa-review.entity';
import { QaReviewView } from './qa-review.view';
import { QaReviews } from './qa-reviews';

@ApiTags('qa')
@ApiBearerAuth()
@Controller('v1/qa/reviews')
export class QaController {
  constructor(private readonly reviews: QaReviews) {}

  @Get()
  @Roles('qa', 'admin')
  @ApiOperation({ summary: 'Antrean QA: sampled decisions of your wilayah (admins: all); pending oldest first, the others most recently reviewed first' })
  @ApiQuery({ name: 'status', required: false, enum: QA_REVIEW_STATUSES })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiOkResponse({ type: [QaReviewView] })
  list(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Query('status', new DefaultValuePipe('pending')) status: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ): Promise<QaReviewView[]> {
    if (!isQaReviewStatus(status)) {
      throw new DomainError('invalid-input', 'UNKNOWN_QA_STATUS', `status harus salah satu dari ${QA_REVIEW_STATUSES.join(', ')}`);
    }
    return this.reviews.list(principal, status, Math.min(Math.max(limit, 1), 500));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('qa')
  @ApiOperation({ summary: 'Konfirmasi: the sampled decision stands (never by the one who took it)' })
  @ApiOkResponse({ type: QaReviewView })
  confirm(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ConfirmReviewDto,
  ): Promise<QaReviewView> {
    return this.reviews.confirm(principal, id, input);
  }

  @Post(':id/overturn')
  @HttpCode(200)
  @Roles('qa')
  @ApiOperation({
    summary: 'Batalkan: a new decision (approve with a rubric step, or reject with a reason) replaces the sampled one',
    description: 'Emits mcp.evidence.verified.v1 with a higher sequence, so the score follows.',
  })
  @ApiOkResponse({ type: QaReviewView })
  overturn(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: OverturnReviewDto,
  ): Promise<QaReviewView> {
    return this.reviews.overturn(principal, id, input);
  }
}

function isQaReviewStatus(value: string): value is QaReviewStatus {
  return QA_REVIEW_STATUSES.some((status) => status === value);
}
