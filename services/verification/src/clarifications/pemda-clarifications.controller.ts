import { ParseYearPipe } from '@mcp/service-runtime';
import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClarificationThreads } from './clarification-threads';
import { ClarificationThreadSummaryView } from './clarification.view';

@ApiTags('clarifications')
@ApiBearerAuth()
@Controller('v1/pemda/:pemdaCode/clarifications')
export class PemdaClarificationsController {
  constructor(private readonly threads: ClarificationThreads) {}

  @Get()
  @Roles('pemda-operator', 'pemda-admin', 'admin')
  @ApiOperation({
    summary: "Utas klarifikasi Pemda: the Pemda's threads, latest message first, and whether a question waits for its answer",
    description: "The Pemda's own users and admins (403 otherwise). Open one with GET /v1/tasks/{taskId}/clarifications.",
  })
  @ApiQuery({ name: 'year', required: false, example: 2024 })
  @ApiOkResponse({ type: [ClarificationThreadSummaryView] })
  list(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query('year', new ParseYearPipe({ optional: true })) year?: number,
  ): Promise<ClarificationThreadSummaryView[]> {
    return this.threads.listForPemda(principal, pemdaCode, year);
  }
}
