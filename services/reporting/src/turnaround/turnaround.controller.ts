import { Roles } from '@mcp/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TurnaroundQuery } from './turnaround.query';
import { TurnaroundRowView } from './turnaround.view';
import { VerificationTurnaround } from './verification-turnaround';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports/turnaround')
export class TurnaroundController {
  constructor(private readonly turnaround: VerificationTurnaround) {}

  @Get()
  // How fast KPK's verifiers work is KPK's own figure, not a Pemda's.
  @Roles('verifier', 'qa', 'analyst', 'admin')
  @ApiOperation({
    summary: 'Verification turnaround per wilayah and month: median and p90 from upload to decision',
    description:
      'year=2024, optionally wilayah=III. Each first decision since an upload, timed from the newest upload it judged; ' +
      'grouped by the wilayah of the Pemda and the month (WIB) of the decision. Corrections and QA overturns of the same ' +
      'evidence are not counted again. Percentiles interpolate (Postgres percentile_cont). KPK roles only.',
  })
  @ApiOkResponse({ type: [TurnaroundRowView] })
  get(@Query() query: TurnaroundQuery): Promise<TurnaroundRowView[]> {
    return this.turnaround.byWilayahAndMonth(query);
  }
}
