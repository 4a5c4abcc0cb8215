import { ParseYearPipe } from '@mcp/service-runtime';
import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { FrameworkFileInterceptor } from './framework-file.interceptor';
import { FrameworkRevisionDocumentView, FrameworkRevisionView } from './framework-revision.view';
import { FrameworksService } from './frameworks.service';
import { ImportProblemView } from './import-problem.view';
import { ParseRevisionPipe } from './parse-revision.pipe';
import { PublishRevisionDto } from './publish-revision.dto';

const IMPORT_DESCRIPTION = [
  'Validates the whole framework and stores it as a DRAFT revision, or stores nothing: unique codes',
  '(areas, indicators, sub-indicators, aspects, sasaran), weights summing to exactly 100 at every level,',
  'rubric steps ascending within 0–100 from 0 to 100, evidence points summing to 100, references to aspects,',
  'sasaran and parents. Send either the framework JSON as the body (up to 100 kB) or a multipart form with',
  'a `file` (.json or .xlsx, up to MAX_FRAMEWORK_UPLOAD_BYTES). The workbook layout (sheets Kerangka, Aspek,',
  'Area, Sasaran, Indikator, Subindikator, Dokumen, Warna) is in libs/master-data/src/framework-workbook.',
  'The platform numbers the revision (the next free one of the year); a revision in the file is ignored.',
  '422 INVALID_FRAMEWORK lists EVERY problem with its document path and, for a workbook, its sheet, row and',
  'cell (body.details.problems); 409 YEAR_CLOSED; 400 UNSUPPORTED_FRAMEWORK_FILE; 413 FRAMEWORK_FILE_TOO_LARGE',
  '(body.details.maxBytes).',
].join(' ');

@ApiTags('frameworks')
@ApiBearerAuth()
@Controller('v1/frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  @Post('import')
  @Roles('admin')
  @UseInterceptors(FrameworkFileInterceptor)
  @ApiOperation({ summary: 'Import a framework from JSON or XLSX as a draft revision (admin)', description: IMPORT_DESCRIPTION })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', description: 'The framework document (libs/master-data/data/frameworks/2024.json)' },
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
      ],
    },
  })
  @ApiCreatedResponse({ type: FrameworkRevisionView })
  @ApiUnprocessableEntityResponse({ type: ImportProblemView, isArray: true, description: 'body.details.problems' })
  @ApiPayloadTooLargeResponse({ description: 'FRAMEWORK_FILE_TOO_LARGE: the file exceeds MAX_FRAMEWORK_UPLOAD_BYTES' })
  importFramework(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file?: { originalname: string; buffer: Buffer },
  ): Promise<FrameworkRevisionView> {
    const upload = file
      ? { kind: 'file' as const, fileName: file.originalname, content: file.buffer }
      : { kind: 'json-body' as const, body };
    return this.frameworks.importDraft(principal.subject, upload);
  }

  @Post(':year/revisions/:revision/publish')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Publish a draft revision (admin): immutable from now on, the year is re-scored with it',
    description:
      "Emits mcp.framework.published.v1 (compacted, key = year), from which every service keeps its own copy. " +
      "In the same transaction every Pemda of the year with decisions is re-scored against the revision (its " +
      'score then says frameworkRevision = this revision) and the aggregates move by the deltas. 409 ' +
      'ALREADY_PUBLISHED, STALE_REVISION (a newer revision is already published), YEAR_CLOSED, ' +
      'FRAMEWORK_DOES_NOT_FIT_DECISIONS (a decision in force names a sub-indicator the revision lacks or a value ' +
      'off its rubric), SUB_INDICATORS_REMOVED (the revision drops sub-indicators and confirmRemovedSubIndicators ' +
      'does not list exactly those: body.details.removedSubIndicators; their unfinished verification tasks would be ' +
      'cancelled); 404 UNKNOWN_FRAMEWORK_REVISION.',
  })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiParam({ name: 'revision', example: 2 })
  @ApiBody({ type: PublishRevisionDto, required: false })
  @ApiOkResponse({ type: FrameworkRevisionView })
  publish(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('year', new ParseYearPipe()) year: number,
    @Param('revision', new ParseRevisionPipe()) revision: number,
    @Body() body: PublishRevisionDto,
  ): Promise<FrameworkRevisionView> {
    return this.frameworks.publish(principal.subject, year, revision, body.confirmRemovedSubIndicators ?? []);
  }

  @Get(':year/revisions')
  @Roles('admin', 'analyst', 'verifier', 'qa')
  @ApiOperation({ summary: "A year's framework revisions: drafts, published, and the shipped file it was seeded from" })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiOkResponse({ type: FrameworkRevisionView, isArray: true })
  revisions(@Param('year', new ParseYearPipe()) year: number): Promise<FrameworkRevisionView[]> {
    return this.frameworks.revisionsOf(year);
  }

  @Get(':year/revisions/:revision')
  @Roles('admin', 'analyst', 'verifier', 'qa')
  @ApiOperation({ summary: 'One revision with its document' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiParam({ name: 'revision', example: 1 })
  @ApiOkResponse({ type: FrameworkRevisionDocumentView })
  revision(
    @Param('year', new ParseYearPipe()) year: number,
    @Param('revision', new ParseRevisionPipe()) revision: number,
  ): Promise<FrameworkRevisionDocumentView> {
    return this.frameworks.revision(year, revision);
  }
}
