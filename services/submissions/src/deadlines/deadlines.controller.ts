import { ParseYearPipe } from '@mcp/service-runtime';
import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DeadlineExtensionView } from './deadline-extension.view';
import { DeadlineExtensions } from './deadline-extensions';
import { GrantExtensionDto } from './grant-extension.dto';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('v1/pemda/:pemdaCode/deadline-extensions')
export class DeadlinesController {
  constructor(private readonly extensions: DeadlineExtensions) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Grant one Pemda a later upload deadline for a year (admins); recorded with who, when, until and why',
    description: 'The latest grant is in force; it must end after the general deadline (422 EXTENSION_NOT_LATER).',
  })
  @ApiCreatedResponse({ type: DeadlineExtensionView })
  grant(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Body() input: GrantExtensionDto,
  ): Promise<DeadlineExtensionView> {
    return this.extensions.grant(principal, pemdaCode, input);
  }

  @Get()
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({ summary: "The extensions granted to a Pemda, oldest first (the Pemda's own users and admins)" })
  @ApiQuery({ name: 'year', required: false, example: 2024 })
  @ApiOkResponse({ type: [DeadlineExtensionView] })
  list(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query('year', new ParseYearPipe({ optional: true })) year?: number,
  ): Promise<DeadlineExtensionView[]> {
    return this.extensions.list(principal, pemdaCode, year);
  }
}
