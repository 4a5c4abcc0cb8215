import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { NationalReportView, PemdaReportView, ProvinceRankingRow, RegionReportView } from './report.view';
import { ReportYearQuery } from './report-year.query';
import { ReportsService } from './reports.service';

const AVERAGING_RULE =
  'Averages are computed by the scoring service as the plain mean over every Pemda of the region: ' +
  'a Pemda without verified evidence counts as 0, and no Pemda is weighted by population or budget. ' +
  'KPK does not publish its own method. Before the first score event of the year every average is 0. ' +
  'Figures are rounded half-up to 2 decimals from the exact stored values.';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('national')
  @ApiOperation({ summary: 'National average and the average of each wilayah I–V', description: AVERAGING_RULE })
  @ApiOkResponse({ type: NationalReportView })
  national(@Query() { year }: ReportYearQuery): Promise<NationalReportView> {
    return this.reports.national(year);
  }

  @Get('provinces')
  @ApiOperation({
    summary: 'All 38 provinces ranked by average, highest first (ties share a rank, then by code)',
    description: `A province's average covers the province itself and all its kabupaten/kota. ${AVERAGING_RULE}`,
  })
  @ApiOkResponse({ type: [ProvinceRankingRow] })
  provinces(@Query() { year }: ReportYearQuery): Promise<ProvinceRankingRow[]> {
    return this.reports.provinceRanking(year);
  }

  @Get('regions/:regionCode')
  @ApiOperation({
    summary: 'A province, wilayah or the nation: its average overall and per area',
    description:
      `404 UNKNOWN_REGION for a code that is not a province, wilayah-I … wilayah-V or national. KPK roles read every ` +
      `region; a Pemda's users the regions their Pemda belongs to, one of fewer than three Pemda only if it is theirs alone ` +
      `(DKI Jakarta's province); else 403 NOT_ALLOWED_FOR_REGION. ${AVERAGING_RULE}`,
  })
  @ApiParam({ name: 'regionCode', example: '32' })
  @ApiOkResponse({ type: RegionReportView })
  region(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('regionCode') regionCode: string,
    @Query() { year }: ReportYearQuery,
  ): Promise<RegionReportView> {
    return this.reports.regionReportFor(principal, regionCode, year);
  }

  @Get('pemda/:pemdaCode')
  @ApiOperation({
    summary: "One Pemda's score per area and its rank in its province",
    description:
      'Pemda users (pemda-operator, pemda-admin) may read their own Pemda only (403 otherwise); other roles read any. ' +
      'A Pemda without a score has total 0, no areas and updatedAt null, and ranks with the other unscored Pemda of ' +
      `its province at 0. 404 UNKNOWN_PEMDA for a code not in the Pemda list. ${AVERAGING_RULE}`,
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73', description: 'Kemendagri code' })
  @ApiOkResponse({ type: PemdaReportView })
  pemda(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() { year }: ReportYearQuery,
  ): Promise<PemdaReportView> {
    return this.reports.pemdaReport(principal, pemdaCode, year);
  }
}
