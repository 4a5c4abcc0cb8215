import { type AuthPrincipal, CurrentPrincipal } from '@mcp/auth';
import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EvidenceReader } from '../evidence/evidence-reader';
import { EvidencePrecheckRepository } from './evidence-precheck.repository';
import { PrecheckView, toPrecheckView } from './precheck.view';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
export class PrechecksController {
  constructor(
    private readonly reader: EvidenceReader,
    private readonly prechecks: EvidencePrecheckRepository,
  ) {}

  @Get('v1/evidence/:id/prechecks')
  @ApiOperation({
    summary: 'Pemeriksaan otomatis: what a machine found in the file (opens, pages, text layer, dates vs the period, signatures, photo date, ZIP entries)',
    description: 'For the uploader and the verifier beside the task; the same readers as the file itself (its Pemda, verifiers and QA of its wilayah, admins). Never a decision.',
  })
  @ApiOkResponse({ type: PrecheckView })
  async get(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<PrecheckView> {
    await this.reader.assertMayReadContent(principal, id);
    return toPrecheckView(id, await this.prechecks.find(id));
  }
}
