import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { attachmentDisposition, sha256ReprDigest } from '../evidence/content-disposition';
import { ClarificationAttachments } from './clarification-attachments';
import { ClarificationAttachmentView } from './clarification-attachment.view';

@ApiTags('clarification-attachments')
@ApiBearerAuth()
@Controller('v1/clarification-attachments')
export class ClarificationAttachmentsController {
  constructor(private readonly attachments: ClarificationAttachments) {}

  @Post()
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({
    summary: 'Unggah lampiran klarifikasi: a file for a clarification message, under the evidence upload rules',
    description:
      'Checked exactly as POST /v1/evidence checks a file (type from content, MAX_UPLOAD_BYTES → 413, ZIP limits, the storage ' +
      'quota, the malware scan → 422 MALWARE_DETECTED / 503), but it is no evidence version: nothing is scored and the upload ' +
      'deadline does not apply. Send pemdaCode, year and subIndicatorCode of the task before the file; give the returned id ' +
      'as attachmentId to POST /v1/tasks/{id}/clarifications on verification.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any unique string (e.g. a UUID) per request, not beginning with tus: or attachment: (400 INVALID_IDEMPOTENCY_KEY): a retry ' +
      'with the same key for the same item gets the first answer again (header Idempotent-Replayed: true) and stores nothing; ' +
      'for another item, 422 IDEMPOTENCY_KEY_REUSED. Kept apart from the keys of POST /v1/evidence.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['pemdaCode', 'year', 'subIndicatorCode', 'file'],
      properties: {
        pemdaCode: { type: 'string', example: '32.73' },
        year: { type: 'integer', example: 2024 },
        subIndicatorCode: { type: 'string', example: 'PRC.1.1' },
        file: { type: 'string', format: 'binary', description: 'Last part of the form' },
      },
    },
  })
  @ApiCreatedResponse({ type: ClarificationAttachmentView })
  async upload(@CurrentPrincipal() principal: AuthPrincipal, @Req() request: Request, @Res() response: Response): Promise<void> {
    // The body is streamed by the use case, so the answer is written here rather than returned.
    // Read from the request, not with @Headers(), which Swagger would document as a second header.
    const outcome = await this.attachments.upload(principal, request, request.header('idempotency-key'));
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    response.status(outcome.statusCode).json(outcome.body);
  }

  @Get(':id/download')
  @ApiOperation({ summary: 'Unduh lampiran klarifikasi (the Pemda, verifiers and QA of its wilayah, admins)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async download(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const { attachment, stream } = await this.attachments.open(principal, id);
    response.status(200);
    response.setHeader('Content-Type', attachment.contentType);
    response.setHeader('Content-Length', String(attachment.sizeBytes));
    response.setHeader('Content-Disposition', attachmentDisposition(attachment.fileName));
    response.setHeader('Repr-Digest', sha256ReprDigest(attachment.sha256));
    response.setHeader('X-Content-SHA256', attachment.sha256);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    // As for evidence: a read failing mid-file can only be signalled by cutting the connection.
    await pipeline(stream, response).catch(() => response.destroy());
  }
}
