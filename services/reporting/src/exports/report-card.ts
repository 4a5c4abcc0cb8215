import { type AuthPrincipal } from '@mcp/auth';
import { bandsOf, colourBand, DEFAULT_BANDS, type ColourBand } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { PemdaRankings } from '../rankings/pemda-rankings';
import { ReportsService } from '../reports/reports.service';

const BAND_NAMES: Record<ColourBand, string> = { red: 'Merah', yellow: 'Kuning', blue: 'Biru', green: 'Hijau' };

/** Indonesian number format of a published figure: 80.15 → "80,15". */
export function angka(value: number): string {
  return value.toFixed(2).replace('.', ',');
}

/**
 * A Pemda's report card for a year as a one-page PDF (pdfkit, its built-in Helvetica: no font
 * files to ship). Every figure is the one the JSON routes answer, formatted the Indonesian way.
 */
@Injectable()
export class ReportCard {
  constructor(
    private readonly reports: ReportsService,
    private readonly rankings: PemdaRankings,
    private readonly referenceData: ReferenceData,
  ) {}

  async write(principal: AuthPrincipal, pemdaCode: string, year: number, out: Writable): Promise<void> {
    const pemda = await this.reports.pemdaReport(principal, pemdaCode, year);
    const [province, national, nationalRanking] = await Promise.all([
      this.reports.regionReport(pemda.provinceCode, year),
      this.reports.regionReport('national', year),
      this.rankings.rank({ year, scope: 'national' }),
    ]);
    const bands = await this.referenceData.requireFramework(year).then(
      ({ framework }) => bandsOf(framework),
      () => DEFAULT_BANDS,
    );
    const nationalRank = nationalRanking.find((row) => row.pemdaCode === pemdaCode)?.rank ?? nationalRanking.length;
    const provinceAreas = new Map(province.areas.map((area) => [area.code, area.average]));

    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Rapor MCP ${year} ${pemda.name}` } });
    doc.pipe(out);
    doc.font('Helvetica-Bold').fontSize(18).text(`Rapor MCP ${year}`);
    doc.fontSize(14).text(`${pemda.name} (${pemda.pemdaCode})`);
    doc.font('Helvetica').fontSize(11).text(`Provinsi ${pemda.provinceCode} - Wilayah ${pemda.wilayah}`);
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(13).text(`Nilai total: ${angka(pemda.total)}`);
    doc.font('Helvetica').fontSize(11);
    doc.text(`Pita warna: ${BAND_NAMES[colourBand(pemda.total, bands)]}`);
    doc.text(`Peringkat di provinsi: ${pemda.rankInProvince} dari ${province.pemdaCount}`);
    doc.text(`Peringkat nasional: ${nationalRank} dari ${national.pemdaCount}`);
    doc.text(`Rata-rata provinsi: ${angka(province.average)}`);
    doc.text(`Rata-rata nasional: ${angka(national.average)}`);
    doc.moveDown();
    doc.font('Helvetica-Bold').text('Nilai per area');
    doc.font('Helvetica');
    if (pemda.areas.length === 0) doc.text('Belum ada nilai terverifikasi.');
    for (const area of pemda.areas) {
      doc.text(`Area ${area.code}: ${angka(area.score)} (rata-rata provinsi ${angka(provinceAreas.get(area.code) ?? 0)})`);
    }
    doc.moveDown();
    doc
      .fontSize(9)
      .text(
        'Rata-rata dihitung atas seluruh Pemda di wilayahnya; Pemda tanpa nilai terverifikasi dihitung 0. ' +
          `Angka dibulatkan ke 2 desimal. Data per ${pemda.updatedAt ?? '-'}.`,
      );
    doc.end();
    await finished(out);
  }
}
