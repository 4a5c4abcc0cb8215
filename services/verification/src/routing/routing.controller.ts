import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignWilayahDto } from './assign-wilayah.dto';
import { VerifierScopes } from './verifier-scopes';
import { toVerifierWilayahView, VerifierWilayahView } from './verifier-wilayah.view';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('v1/verifiers')
export class RoutingController {
  constructor(private readonly scopes: VerifierScopes) {}

  @Get('wilayah')
  @Roles('admin')
  @ApiOperation({ summary: "Penetapan wilayah oleh admin: every override of a verifier's token wilayah" })
  @ApiOkResponse({ type: [VerifierWilayahView] })
  async list(): Promise<VerifierWilayahView[]> {
    return (await this.scopes.list()).map(toVerifierWilayahView);
  }

  @Put(':subject/wilayah')
  @Roles('admin')
  @ApiOperation({
    summary: 'Pindahkan verifikator ke wilayah lain',
    description:
      "Overrides the token's wilayah claim for this subject (verifier or qa) at once; the verifier's live claims in other wilayah go back to the queue.",
  })
  @ApiOkResponse({ type: VerifierWilayahView })
  async assign(
    @CurrentPrincipal() admin: AuthPrincipal,
    @Param('subject') subject: string,
    @Body() input: AssignWilayahDto,
  ): Promise<VerifierWilayahView & { releasedTaskIds: string[] }> {
    const { assignment, releasedTaskIds } = await this.scopes.assign(admin, subject, input.wilayah);
    return { ...toVerifierWilayahView(assignment), releasedTaskIds };
  }

  @Delete(':subject/wilayah')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: "Hapus penetapan: the verifier's token wilayah applies again" })
  @ApiNoContentResponse()
  unassign(@CurrentPrincipal() admin: AuthPrincipal, @Param('subject') subject: string): Promise<void> {
    return this.scopes.unassign(admin, subject);
  }
}
