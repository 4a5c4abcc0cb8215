import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { attachmentDisposition, sha256ReprDigest } from './content-disposition';
import { fileNameOf } from './file-name';
import { EvidenceReader } from './evidence-reader';
import { EvidenceUploads } from './evidence-uploads';
import { EvidenceWithdrawals } from './evidence-withdrawals';
import { EvidenceView } from './evidence.view';
import { WithdrawEvidenceDto } from './withdraw-evidence.dto';

const UPLOAD_DESCRIPTION = [
  'Streams the file to storage while hashing it (SHA-256); it is never held whole in memory.',
  'Send the text fields BEFORE the file part: the destination and the deadline are then checked before any',
  'byte of the file is stored, and a refusal arrives at once. Fields after the file are accepted too; they',
  'are then checked once the file is in, and a refused file is deleted.',
  'The type is decided from the content (magic bytes) against ALLOWED_FILE_TYPES; name and Content-Type are',
  'ignored. ZIP, XLSX and DOCX are checked for entry count and unpacked size (ZIP bomb → 422 ZIP_BOMB).',
  'Answers: 201 a new version; 200 the same file (same SHA-256) is already there for this Pemda, year and',
  'sub-indicator with the same claim (the existing evidence is returned, nothing is stored or announced); the same',
  'file with another claim is a new version (docs/decisions.md #143); 400 INVALID_UPLOAD_FIELDS, MISSING_FILE, EMPTY_FILE,',
  'ONE_FILE_PER_UPLOAD, TOO_MANY_FIELDS, FIELD_TOO_LONG, MALFORMED_UPLOAD; 403 another Pemda, and for an OPD operator',
  'OPERATOR_NOT_ASSIGNED or OUTSIDE_OPERATOR_ASSIGNMENT (docs/decisions.md #68); 404 unknown Pemda, year or sub-indicator;',
  '409 YEAR_CLOSED; 413 FILE_TOO_LARGE (the stream is cut at MAX_UPLOAD_BYTES), STORAGE_QUOTA_EXCEEDED (the Pemda\'s',
  'stored and staged bytes); 422 claim off the rubric, UNSUPPORTED_FILE_TYPE, ZIP_BOMB, CORRUPT_ZIP, MALWARE_DETECTED,',
  "UPLOAD_DEADLINE_PASSED (the message names the deadline in the Pemda's zone: WIB, WITA or WIT from its province);",
  '429 TOO_MANY_REQUESTS (Retry-After); 503 MALWARE_SCAN_UNAVAILABLE or a database away (Retry-After): nothing',
  'is kept, send again. An upload is on time when the request arrives by the deadline, however long the transfer takes.',
].join(' ');

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
export class EvidenceController {
  constructor(
    private readonly uploads: EvidenceUploads,
    private readonly reader: EvidenceReader,
    private readonly withdrawals: EvidenceWithdrawals,
  ) {}

  @Post('v1/evidence')
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({ summary: 'Unggah dokumen pendukung (upload evidence) for one sub-indicator of a Pemda', description: UPLOAD_DESCRIPTION })
  @ApiConsumes('multipart/form-data')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Any unique string (e.g. a UUID) per upload, not beginning with tus: or attachment: (400 INVALID_IDEMPOTENCY_KEY): a retry with the same key gets the first answer again (header Idempotent-Replayed: true) and creates nothing',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['pemdaCode', 'year', 'subIndicatorCode', 'file'],
      properties: {
        pemdaCode: { type: 'string', example: '32.73' },
        year: { type: 'integer', example: 2024 },
        subIndicatorCode: { type: 'string', example: 'PRC.1.1' },
        claimedValue: { type: 'number', example: 100, description: 'Nilai klaim (a rubric step, up to 6 decimals); omitted = the claim in force' },
        note: { type: 'string', description: 'Why this version, e.g. what was fixed after a revision request' },
        file: { type: 'string', format: 'binary', description: 'Last part of the form' },
      },
    },
  })
  @ApiCreatedResponse({ type: EvidenceView, description: 'A new version' })
  @ApiOkResponse({ type: EvidenceView, description: 'The same file was already uploaded for this item: that evidence' })
  @ApiResponse({ status: 413, description: 'FILE_TOO_LARGE' })
  async submit(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // Read from the request, not with @Headers(): Swagger would document that as a second,
    // required header beside the optional one declared above.
    const idempotencyKey = request.header('idempotency-key');
    // 200 or 201 depends on the outcome, which Nest's declarative @HttpCode cannot express.
    const outcome = await this.uploads.submit(principal, request, idempotencyKey);
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    response.status(outcome.statusCode).json(outcome.body);
  }

  @Get('v1/evidence/:id')
  @ApiOperation({
    summary: "One evidence version's metadata (the owning Pemda; verifiers, QA, analysts and admins of every Pemda)",
    description:
      "Read by the rule of the Pemda's figures, as its progress and a submission's history show the same facts. " +
      'The file itself is stricter: GET /v1/evidence/{id}/download only for the Pemda, verifiers and QA of its wilayah, and admins.',
  })
  @ApiOkResponse({ type: EvidenceView })
  get(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<EvidenceView> {
    return this.reader.get(principal, id);
  }

  @Get('v1/evidence/:id/download')
  @ApiOperation({
    summary: 'Download the file (the owning Pemda, verifiers and QA of its wilayah, admins)',
    description:
      'Streamed. Content-Disposition carries the stored name, its extension that of the detected type (filename ' +
      'in ASCII and RFC 8187 filename*); the SHA-256 ' +
      'is in Repr-Digest (RFC 9530, base64) and X-Content-SHA256 (hex, as sha256sum prints it).',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async download(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() response: Response,
  ): Promise<void> {
    const { evidence, stream } = await this.reader.open(principal, id);
    response.status(200);
    response.setHeader('Content-Type', evidence.contentType);
    response.setHeader('Content-Length', String(evidence.sizeBytes));
    response.setHeader('Content-Disposition', attachmentDisposition(fileNameOf(evidence)));
    response.setHeader('Repr-Digest', sha256ReprDigest(evidence.sha256));
    response.setHeader('X-Content-SHA256', evidence.sha256);
    response.setHeader('ETag', `"${evidence.sha256}"`);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    // Headers are gone by the time a storage read fails mid-file: cutting the connection is the
    // only honest signal left, and the length and digest let the client notice.
    await pipeline(stream, response).catch(() => response.destroy());
  }

  @Post('v1/evidence/:id/withdrawal')
  @HttpCode(200)
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({
    summary: 'Tarik dokumen (withdraw evidence) that no verifier has decided on',
    description:
      'Only evidence still `submitted` (409 EVIDENCE_NOT_WITHDRAWABLE otherwise), of a year not closed (409 YEAR_CLOSED), ' +
      'by the Pemda or an admin for it (403 otherwise; an OPD operator only within their assignment); ' +
      '404 UNKNOWN_EVIDENCE. Announced on mcp.evidence.withdrawn.v1; ' +
      'verification drops it from the task unless a verifier has claimed the task meanwhile, in which case the ' +
      "verifier's decision (which lists it) is what the evidence ends with.",
  })
  @ApiOkResponse({ type: EvidenceView })
  withdraw(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: WithdrawEvidenceDto,
  ): Promise<EvidenceView> {
    return this.withdrawals.withdraw(principal, id, input.reason);
  }
}
