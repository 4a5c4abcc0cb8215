import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PemdaRankings } from '../rankings/pemda-rankings';
import { ReportYearQuery } from '../reports/report-year.query';
import { DETAIL_COLUMNS } from './detail-columns';
import { DetailExportQuery } from './detail-export.query';
import { RankingExportQuery } from './export.query';
import { PemdaDetail } from './pemda-detail';
import { RANKING_COLUMNS } from './ranking-columns';
import { ReportCard } from './report-card';
import { CONTENT_TYPES, writeTable } from './table-export';

const TABLE_FILE = {
  description: 'The file, as an attachment (Content-Disposition names it)',
  content: { [CONTENT_TYPES.csv]: { schema: { type: 'string' } }, [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } } },
};

@ApiTags('exports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ExportsController {
  constructor(
    private readonly rankings: PemdaRankings,
    private readonly reportCard: ReportCard,
    private readonly detail: PemdaDetail,
  ) {}

  @Get('rankings/export')
  @ApiOperation({
    summary: 'A ranking as CSV or XLSX (the same rows and numbers as GET /v1/reports/rankings)',
    description:
      'format=csv|xlsx plus the ranking query. Indonesian header row (Peringkat, Kode Pemda, Nama Pemda, Jenis, Kode ' +
      'Provinsi, Wilayah, Nilai). CSV: comma-separated, decimal point, UTF-8 with BOM. XLSX: numbers in typed number cells.',
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse(TABLE_FILE)
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

  @Get('detail/export')
  // Every Pemda's claims and decisions: readers of every Pemda only (docs: read policy).
  @Roles('verifier', 'qa', 'analyst', 'admin')
  @ApiOperation({
    summary: 'Every Pemda × sub-indicator of a year as CSV or XLSX: uploads, claim, decision in force, verified value',
    description:
      'format=csv|xlsx, optionally asOf=2024-10-31 for the state at the end of that day (WIB): uploads before it and not ' +
      'withdrawn by then, the decision in force by then. One row per Pemda (546) and sub-indicator of the framework, ' +
      'by Pemda code then framework order. Indonesian header row (Kode Pemda, Nama Pemda, Jenis, Kode Provinsi, Wilayah, ' +
      'Kode Area, Kode Indikator, Kode Subindikator, Nama Subindikator, Bobot dalam Total, Jumlah Bukti, Nilai Klaim, ' +
      'Status, Nilai Verifikasi, Tanggal Keputusan). A rejection has verified value 0; an item without a verdict has none. ' +
      'Tanggal Keputusan is the time in WIB as the platform writes it (1 Desember 2024 pukul 00.30 WIB). ' +
      'A decision scoring refused (year closed) is never the one in force; when it is the newest, Status reads ' +
      '"Tidak dihitung" and the figures are those of the decision in force, if any. ' +
      'XLSX: numbers in typed number cells. KPK roles only. Each export is recorded in the audit trail (who, year, format, asOf) before a row is read.',
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse(TABLE_FILE)
  async detailExport(@CurrentPrincipal() principal: AuthPrincipal, @Query() query: DetailExportQuery, @Res() res: Response): Promise<void> {
    const rows = await this.detail.rows(principal, query);
    res.setHeader('Content-Type', CONTENT_TYPES[query.format]);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="rincian-${query.year}${query.asOf ? `-per-${query.asOf}` : ''}.${query.format}"`,
    );
    await writeTable(query.format, 'Rincian', DETAIL_COLUMNS, rows, res);
  }

  @Get('pemda/:pemdaCode/report-card.pdf')
  @ApiOperation({
    summary: "A Pemda's report card (rapor) as PDF, in Indonesian",
    description: 'Who may read it is as for GET /v1/reports/pemda/:pemdaCode.',
  })
  @ApiParam({ name: 'pemdaCode', example: '32.73' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The report card, shown inline', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async pdf(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Query() { year }: ReportYearQuery,
    @Res() res: Response,
  ): Promise<void> {
    await this.reportCard.write(principal, pemdaCode, year, () => {
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="rapor-${pemdaCode}-${year}.pdf"`);
      return res;
    });
  }
}
