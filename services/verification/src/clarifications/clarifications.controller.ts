import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { parseIdempotencyKey } from '@mcp/service-runtime';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClarificationThreads } from './clarification-threads';
import { ClarificationMessageView, ClarificationThreadView } from './clarification.view';
import { PostClarificationDto } from './post-clarification.dto';

@ApiTags('clarifications')
@ApiBearerAuth()
@Controller('v1/tasks/:id/clarifications')
export class ClarificationsController {
  constructor(private readonly threads: ClarificationThreads) {}

  @Get()
  @ApiOperation({
    summary: 'Utas klarifikasi tugas: every message, its attachments and the task’s paused clock',
    description: 'The Pemda’s users, verifiers and QA of its wilayah, admins. The Pemda sees a verifier as "Verifikator KPK". readOnly once the task is decided or cancelled or its year closed.',
  })
  @ApiOkResponse({ type: ClarificationThreadView })
  read(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<ClarificationThreadView> {
    return this.threads.read(principal, id);
  }

  @Post()
  @Roles('verifier', 'pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({
    summary: 'Kirim pesan klarifikasi: the verifier holding the task asks, the Pemda answers',
    description:
      'Whoever may not read the thread (not of the Pemda, nor a verifier or QA of its wilayah, nor an admin) is refused first (403 NOT_ALLOWED_FOR_PEMDA), ' +
      'whatever else holds. A verifier needs a live claim (409 NOT_CLAIM_HOLDER); the Pemda’s users (or an admin for them) answer, an operator of a Pemda with OPD ' +
      'accounts only on items of their assignment (403 OUTSIDE_OPERATOR_ASSIGNMENT, OPERATOR_NOT_ASSIGNED). pausesClock (verifiers only, ' +
      '422 PAUSE_ONLY_BY_VERIFIER) stops the task’s clock until the Pemda’s next message. attachmentId: a file uploaded first with ' +
      'POST /v1/clarification-attachments on submissions (same upload checks as evidence) for this task’s Pemda, year and sub-indicator ' +
      '(422 FOREIGN_ATTACHMENT; 409 ATTACHMENT_NOT_YET_KNOWN for a moment after the upload, until verification hears of it: send again). 409 YEAR_CLOSED once the year is closed, ' +
      '409 THREAD_CLOSED once the task is decided or cancelled (a decision also ends a pause). ' +
      'Announced on mcp.clarification.message-posted.v1: notification tells the other side.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Optional, 1-200 visible ASCII characters (a UUID): a send retried with the same key answers with the message the first made, posted once, ' +
      'with the header Idempotent-Replayed: true ' +
      '(400 INVALID_IDEMPOTENCY_KEY; 422 IDEMPOTENCY_KEY_REUSED when the key made a different message: another task, text, attachment or pause)',
  })
  @ApiCreatedResponse({ type: ClarificationMessageView })
  async post(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: PostClarificationDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClarificationMessageView> {
    // Read from the request, not with @Headers(): Swagger would document that as a second,
    // required header beside the optional one declared above.
    const { message, replayed } = await this.threads.post(principal, id, input, parseIdempotencyKey(request.header('idempotency-key')));
    // As submissions' uploads say it: the client can tell its retry found the first send's message.
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return message;
  }
}
