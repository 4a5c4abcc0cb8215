import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PemdaRankings } from '../rankings/pemda-rankings';
import { ReportYearQuery } from '../reports/report-year.query';
import { RankingExportQuery } from './export.query';
import { RANKING_COLUMNS } from './ranking-columns';
import { ReportCard } from './report-card';
import { CONTENT_TYPES, writeTable } from './table-export';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ExportsController {
  constructor(
    private readonly rankings: PemdaRankings,
    private readonly reportCard: ReportCard,
  ) {}

  @Get('rankings/export')
  @ApiOperation({
    summary: 'A ranking as CSV or XLSX (the same rows and numbers as GET /v1/reports/rankings)',
    description:
      'format=csv|xlsx plus the ranking query. Indonesian header row (Peringkat, Kode Pemda, Nama Pemda, Jenis, Kode ' +
      'Provinsi, Wilayah, Nilai). CSV: comma-separated, decimal point, UTF-8 with BOM. XLSX: numbers in typed number cells.',
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  async rankingExport(@Query() query: RankingExportQuery, @Res() res: Response): Promise<void> {
    const rows = await this.rankings.rank(query);
    const scope = query.scope === 'national' ? 'nasional' : `${query.scope}-${query.region}`;
    res.setHeader('Content-Type', CONTENT_TYPES[query.format]);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="peringkat-${scope}${query.kind ? `-${query.kind}` : ''}-${query.year}.${query.format}"`,
    );
    await writeTable(query.format, 'Peringkat', RANKING_COLUMNS, rows, res);
  }

  @Get('pemda/:pemdaCode/report-card.pdf')
  @ApiOperation({
    summary: "A Pemda's report card (rapor) as PDF, in Indonesian",
    description: 'Who may read it is as for GET /v1/reports/pemda/:pemdaCode.',
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73' })
  @ApiProduces('application/pdf')
  async pdf(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() { year }: ReportYearQuery,
    @Res() res: Response,
  ): Promise<void> {
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="rapor-${pemdaCode}-${year}.pdf"`);
    await this.reportCard.write(principal, pemdaCode, year, res);
  }
}
