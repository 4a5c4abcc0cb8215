import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WorkloadStats } from './workload-stats';
import { VerifierStats, WilayahStats } from './workload-stats.view';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('v1/stats')
export class StatsController {
  constructor(private readonly stats: WorkloadStats) {}

  @Get('wilayah')
  @Roles('admin', 'qa')
  @ApiOperation({
    summary: 'Beban kerja per wilayah: open, claimed, decided on the day, median and p90 upload-to-decision, oldest waiting task',
    description: 'Admins see wilayah I–V, a QA reviewer their own. The day defaults to today in STATS_TIME_ZONE (Asia/Jakarta).',
  })
  @ApiQuery({ name: 'date', required: false, example: '2024-12-02' })
  @ApiOkResponse({ type: [WilayahStats] })
  byWilayah(@CurrentPrincipal() principal: AuthPrincipal, @Query('date') date?: string): Promise<WilayahStats[]> {
    return this.stats.byWilayah(principal, date);
  }

  @Get('wilayah/:wilayah/verifiers')
  @Roles('admin', 'qa')
  @ApiOperation({
    summary: 'Beban kerja per verifikator of one wilayah: claimed now, decided on the day, median and p90, their oldest held task',
    description: "Open tasks belong to nobody, so 'open' is reported per wilayah only.",
  })
  @ApiQuery({ name: 'date', required: false, example: '2024-12-02' })
  @ApiOkResponse({ type: [VerifierStats] })
  byVerifier(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('wilayah') wilayah: string,
    @Query('date') date?: string,
  ): Promise<VerifierStats[]> {
    return this.stats.byVerifier(principal, wilayah, date);
  }
}
