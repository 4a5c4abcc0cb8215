import { assertCanActForPemda, CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReferenceLookup } from '../submission-items/reference-lookup';
import { GrantExtensionDto } from './grant-extension.dto';
import { UploadDeadlines } from './upload-deadlines';

class ExtensionResponse {
  @ApiProperty() id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() until: string;
  @ApiProperty({ example: '31 Desember 2026 pukul 23.59 WIB' }) untilLocal: string;
  @ApiProperty() reason: string;
  @ApiProperty() grantedBy: string;
  @ApiProperty() grantedAt: string;
}

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('v1/pemda/:pemdaCode/deadline-extensions')
export class DeadlinesController {
  constructor(
    private readonly deadlines: UploadDeadlines,
    private readonly lookup: ReferenceLookup,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Grant one Pemda a later upload deadline for a year (admins); recorded with who, when, until and why',
    description: 'The latest grant is in force; it must end after the general deadline (422 EXTENSION_NOT_LATER).',
  })
  @ApiCreatedResponse({ type: ExtensionResponse })
  async grant(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Body() input: GrantExtensionDto,
  ): Promise<ExtensionResponse> {
    const pemda = await this.lookup.pemda(pemdaCode, 'not-found');
    const framework = await this.lookup.framework(input.year);
    return this.deadlines.grant(principal, pemda, framework.framework, input);
  }

  @Get()
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({ summary: "The extensions granted to a Pemda, oldest first (the Pemda's own users and admins)" })
  @ApiQuery({ name: 'year', required: false, example: 2024 })
  @ApiOkResponse({ type: [ExtensionResponse] })
  async list(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query('year', new ParseIntPipe({ optional: true })) year?: number,
  ): Promise<ExtensionResponse[]> {
    assertCanActForPemda(principal, pemdaCode);
    return this.deadlines.list(await this.lookup.pemda(pemdaCode, 'not-found'), year);
  }
}
