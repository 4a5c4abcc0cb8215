import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Controller, Delete, Head, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EvidenceView } from './evidence.view';
import { ResumableUploads } from './resumable-uploads';

const CREATE_DESCRIPTION = [
  'tus 1.0.0 (https://tus.io, core + creation + expiration + termination), for weak connections: an upload',
  'interrupted at any point resumes from the last byte the service has (HEAD tells the offset), also across a',
  'restart of the service. Upload-Length is required (at most RESUMABLE_MAX_UPLOAD_BYTES); Upload-Metadata',
  'carries the fields of the multipart form: pemdaCode, year, subIndicatorCode, optional claimedValue and note,',
  'and filename. Caller, destination, deadline, size and quota are checked here (the same answers as POST',
  '/v1/evidence); Location is relative (uploads/<id>). The deadline is judged at creation, and the last byte',
  'must then arrive within UPLOAD_REQUEST_TIMEOUT_MINUTES of it (422 UPLOAD_FINISHED_TOO_LATE). The PATCH that',
  'completes the upload runs every check of POST /v1/evidence on the whole file and answers as it does',
  '(201 the evidence, 200 the same file, 4xx with nothing kept); a HEAD or PATCH of a recorded upload replays',
  'that answer (a DELETE: 409 UPLOAD_ALREADY_RECORDED). Unfinished uploads expire RESUMABLE_EXPIRY_MINUTES after creation (Upload-Expires).',
  'HEAD, PATCH and DELETE of an upload that is not yours or that the sweep removed answer 404 UPLOAD_NOT_FOUND;',
  'past its Upload-Expires and not swept yet, HEAD and PATCH answer 410 TUS_FILE_NO_LONGER_EXISTS (DELETE removes it); the',
  "protocol's own refusals come as TUS_<name> (409 TUS_INVALID_OFFSET, 410 TUS_FILE_NO_LONGER_EXISTS, 400",
  'TUS_INVALID_METADATA, 403 TUS_INVALID_CONTENT_TYPE, 413 TUS_SIZE_EXCEEDED), in Indonesian; so do the header',
  'checks tus makes first (412 TUS_RESUMABLE_REQUIRED, 400 TUS_UNSUPPORTED_VERSION, 400 TUS_INVALID_HEADER).',
].join(' ');

@ApiTags('evidence')
@ApiBearerAuth()
@ApiHeader({ name: 'Tus-Resumable', required: true, description: '1.0.0' })
@Controller()
export class ResumableUploadsController {
  constructor(private readonly uploads: ResumableUploads) {}

  @Post('v1/evidence/uploads')
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({ summary: 'Mulai unggahan yang dapat dilanjutkan (start a resumable tus upload of evidence)', description: CREATE_DESCRIPTION })
  @ApiResponse({
    status: 201,
    description: 'Created, no body: Location names the upload',
    headers: { Location: { description: 'uploads/<id>', schema: { type: 'string' } }, 'Upload-Expires': { description: 'when an unfinished upload is removed', schema: { type: 'string' } } },
  })
  create(@CurrentPrincipal() principal: AuthPrincipal, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.uploads.create(principal, request, response);
  }

  @Head('v1/evidence/uploads/:id')
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({ summary: 'Where a resumable upload stands (Upload-Offset, Upload-Length)' })
  @ApiResponse({
    status: 200,
    description:
      'No body: the headers say how far the upload is (a recorded one: complete, with Idempotent-Replayed: true). ' +
      'While its complete file is being recorded: 423 Locked with Retry-After (no body; tus clients retry it), ask again then.',
    headers: { 'Upload-Offset': { schema: { type: 'integer' } }, 'Upload-Length': { schema: { type: 'integer' } } },
  })
  status(@CurrentPrincipal() principal: AuthPrincipal, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.uploads.continue(principal, id, request, response);
  }

  @Patch('v1/evidence/uploads/:id')
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({
    summary: 'Send the next bytes of a resumable upload (Content-Type application/offset+octet-stream, Upload-Offset)',
    description:
      'The one that completes the file answers like POST /v1/evidence: 201 the evidence, 200 the same file, or a refusal (the staged bytes go). ' +
      'A failure (5xx: scanner or database away) keeps all but the last byte, so the client resumes and sends it again to retry the recording. ' +
      'Sent again after the upload was recorded, it gets the recorded answer.',
  })
  @ApiNoContentResponse({ description: 'Bytes taken; Upload-Offset says where the next PATCH starts', headers: { 'Upload-Offset': { schema: { type: 'integer' } } } })
  @ApiCreatedResponse({ type: EvidenceView, description: 'The last bytes: a new version' })
  @ApiOkResponse({ type: EvidenceView, description: 'The last bytes: the same file was already uploaded for this item' })
  append(@CurrentPrincipal() principal: AuthPrincipal, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.uploads.continue(principal, id, request, response);
  }

  @Delete('v1/evidence/uploads/:id')
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({
    summary: 'Abandon an unfinished resumable upload (its staged bytes are removed)',
    description:
      '404 UPLOAD_NOT_FOUND when it is not yours or already gone; 409 UPLOAD_BEING_RECORDED while its complete file is being recorded; ' +
      '409 UPLOAD_ALREADY_RECORDED (details.evidenceId) once it is evidence: withdraw that instead (POST /v1/evidence/{id}/withdrawal).',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiResponse({ status: 409, description: 'UPLOAD_BEING_RECORDED or UPLOAD_ALREADY_RECORDED' })
  cancel(@CurrentPrincipal() principal: AuthPrincipal, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.uploads.continue(principal, id, request, response);
  }
}
