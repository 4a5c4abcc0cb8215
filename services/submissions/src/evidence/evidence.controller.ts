import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { EvidenceVerified, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { EventConsumer, EventDelivery, OnEvent, type EventDeliveryContext } from '@mcp/messaging';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EvidenceService, type UploadedEvidenceFile } from './evidence.service';
import { RemoveUploadOnErrorInterceptor } from './remove-upload-on-error.interceptor';
import { EvidenceView, SubmitEvidenceDto } from './submit-evidence.dto';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly events: EventConsumer,
  ) {}

  @Post('v1/evidence')
  @HttpCode(201)
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @UseInterceptors(FileInterceptor('file'), RemoveUploadOnErrorInterceptor)
  @ApiOperation({ summary: 'Unggah dokumen pendukung (upload evidence) for one sub-indicator of a Pemda' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'pemdaCode', 'year', 'subIndicatorCode'],
      properties: {
        file: { type: 'string', format: 'binary' },
        pemdaCode: { type: 'string', example: '32.73' },
        year: { type: 'integer', example: 2024 },
        subIndicatorCode: { type: 'string', example: 'PRC.1.1' },
        claimedValue: { type: 'number', example: 100 },
      },
    },
  })
  @ApiCreatedResponse({ type: EvidenceView })
  submit(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Body() input: SubmitEvidenceDto,
    @UploadedFile() file?: UploadedEvidenceFile,
  ): Promise<EvidenceView> {
    return this.evidence.submit(principal, input, file);
  }

  @Get('v1/evidence/:id')
  @ApiOperation({ summary: 'One uploaded evidence item (the owning Pemda, verifiers, QA, analysts, admins)' })
  get(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<EvidenceView> {
    return this.evidence.get(principal, id);
  }

  @OnEvent(EvidenceVerified)
  async onDecision(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    await this.events.consume<EvidenceVerifiedV1>('submissions.decisions', delivery, EvidenceVerified, (event, manager) =>
      this.evidence.applyDecision(event.data, manager),
    );
  }
}
