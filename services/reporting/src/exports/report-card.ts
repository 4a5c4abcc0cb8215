import { type AuthPrincipal } from '@mcp/auth';
import {
  bandsOf,
  colourBand,
  Decimal,
  DEFAULT_BANDS,
  formatLocalTime,
  KPK_TIME_ZONE,
  pathToTarget,
  roundScore,
  scorableValues,
  type ColourBand,
  type Framework,
  type PathToTarget,
} from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Inject, Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { EvidenceTrailRepository } from '../evidence-trail/evidence-trail.repository';
import { PemdaRankings } from '../rankings/pemda-rankings';
import { monthEnd, REPORTING_TIME_ZONE } from '../reports/month-end';
import { ReportsService } from '../reports/reports.service';
import { ScoreSeries } from '../series/score-series';
import type { SeriesPointView } from '../series/series.view';

/** The national target the path-to-target aims at (REPORT_CARD_TARGET, scoring's DEFAULT_TARGET). */
export const REPORT_CARD_TARGET = Symbol('REPORT_CARD_TARGET');

export const MONTH_NAMES = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** "2024-10" → "Oktober 2024". */
export function bulan(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTH_NAMES[Number(number) - 1]} ${year}`;
}

const DAY_IN_WIB = new Intl.DateTimeFormat('en-CA', { timeZone: REPORTING_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** An instant as its calendar day in WIB: 2025-05-20T03:00Z → "20 Mei 2025". */
export function tanggal(instant: Date): string {
  const [year, month, day] = DAY_IN_WIB.format(instant).split('-');
  return `${Number(day)} ${MONTH_NAMES[Number(month) - 1]} ${year}`;
}

/**
 * The trend's lines, one per point of the series. The month under way (its point read before the
 * month ends) says as of which day, so a reader never takes it for a month-end figure.
 */
export function trendLines(year: number, points: readonly Pick<SeriesPointView, 'month' | 'asOf' | 'score'>[]): string[] {
  if (points.length === 0) return [`Tahun ${year} belum berjalan.`];
  return points.map(({ month, asOf, score }) => {
    const readAt = new Date(asOf).getTime();
    // A point counts what came strictly before its asOf, so the day it covers is that of the instant before.
    const label = readAt < monthEnd(month).getTime() ? `${bulan(month)} (per ${tanggal(new Date(readAt - 1))})` : bulan(month);
    return `${label}: ${angka(score)}`;
  });
}

/** An exact decimal the Indonesian way, half-up to 2 places: 73.66693332 → "73,67". */
function desimal(value: Decimal): string {
  return roundScore(value).replace('.', ',');
}

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
    private readonly series: ScoreSeries,
    private readonly trail: EvidenceTrailRepository,
    private readonly dataSource: DataSource,
    @Inject(REPORT_CARD_TARGET) private readonly target: number,
  ) {}

  /**
   * The path to the national target from the verdicts in force that reporting holds, with the
   * domain's own functions (as scoring's path-to-target route and notification's reminders):
   * approved items count their verified value, every other item 0. It starts from `total`, the
   * score the card shows: the evidence trail and the score are separate reads, and one may have
   * caught up with a decision the other has not. Null without a framework.
   */
  private async pathOf(framework: Framework | null, pemdaCode: string, year: number, total: Decimal): Promise<PathToTarget | null> {
    if (!framework) return null;
    const { index } = await this.referenceData.requireFramework(year);
    const verified = new Map<string, number>();
    for (const item of await this.trail.itemStatuses(this.dataSource.manager, year, null, [pemdaCode])) {
      if (item.outcome === 'approved' && item.verifiedValue !== null && index.subIndicators.has(item.subIndicatorCode)) {
        verified.set(item.subIndicatorCode, Number(item.verifiedValue));
      }
    }
    // A value the framework cannot score (a decision crossing a new revision) would fail the whole card.
    const scorable = scorableValues(framework, verified);
    return pathToTarget(framework, scorable, total, this.target);
  }

  /**
   * `open` is called once every check has passed and the figures are read, so a refusal (403, 404)
   * is answered as the JSON error it is, never under the PDF's headers.
   */
  async write(principal: AuthPrincipal, pemdaCode: string, year: number, open: () => Writable): Promise<void> {
    const { report: pemda, totalExact } = await this.reports.pemdaReportExact(principal, pemdaCode, year);
    const [provinceRecord, province, national, nationalRanking] = await Promise.all([
      this.referenceData.requirePemda(pemda.provinceCode),
      this.reports.regionReport(pemda.provinceCode, year),
      this.reports.regionReport('national', year),
      this.rankings.rank({ year, scope: 'national' }),
    ]);
    const framework = await this.referenceData.requireFramework(year).then(
      (record) => record.framework,
      () => null,
    );
    const bands = framework ? bandsOf(framework) : DEFAULT_BANDS;
    const [path, trend] = await Promise.all([
      this.pathOf(framework, pemdaCode, year, new Decimal(totalExact)),
      this.series.series(principal, { year, pemda: pemdaCode }),
    ]);
    const nationalRank = nationalRanking.find((row) => row.pemdaCode === pemdaCode)?.rank ?? nationalRanking.length;
    const provinceAreas = new Map(province.areas.map((area) => [area.code, area.average]));

    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Rapor MCP ${year} ${pemda.name}` } });
    const out = open();
    doc.pipe(out);
    doc.font('Helvetica-Bold').fontSize(18).text(`Rapor MCP ${year}`);
    doc.fontSize(14).text(`${pemda.name} (${pemda.pemdaCode})`);
    doc.font('Helvetica').fontSize(11).text(`Provinsi ${provinceRecord.name} (${pemda.provinceCode}) - Wilayah ${pemda.wilayah}`);
    doc.moveDown();
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .text(`Nilai total: ${angka(pemda.total)}`);
    doc.font('Helvetica').fontSize(11);
    doc.text(`Pita warna: ${BAND_NAMES[colourBand(pemda.total, bands)]}`);
    if (path) {
      doc.text(`Target nasional: ${desimal(path.target)}`);
      doc.text(`Selisih ke target: ${desimal(path.gap)}`);
    }
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
    if (path) this.writePath(doc, path);
    doc.moveDown();
    doc.font('Helvetica-Bold').text('Tren nilai akhir bulan');
    doc.font('Helvetica');
    for (const line of trendLines(year, trend.points)) doc.text(line);
    doc.moveDown();
    doc
      .fontSize(9)
      .text(
        'Rata-rata dihitung atas seluruh Pemda di wilayahnya; Pemda tanpa nilai terverifikasi dihitung 0. ' +
          `Angka dibulatkan ke 2 desimal. Data per ${pemda.updatedAt ? formatLocalTime(new Date(pemda.updatedAt), KPK_TIME_ZONE) : '-'}.`,
      );
    doc.end();
    await finished(out);
  }

  /** The fewest sub-indicators that, verified at 100, reach the target (libs/mcp-domain path-to-target). */
  private writePath(doc: PDFKit.PDFDocument, path: PathToTarget): void {
    doc.moveDown();
    doc.font('Helvetica-Bold').text('Jalur ke target');
    doc.font('Helvetica');
    if (path.gap.isZero()) {
      doc.text('Target sudah tercapai.');
      return;
    }
    doc.text(
      path.reachable
        ? 'Subindikator paling sedikit yang, bila diverifikasi bernilai 100, membawa nilai ke target:'
        : 'Target tidak tercapai walau semua subindikator terbuka bernilai 100; semuanya, menurut tambahan nilai:',
    );
    // On a line of its own: a wrapped sentence must not split the number from its label.
    doc.text(`Jumlah subindikator: ${path.priority.length}`);
    path.priority.forEach((item, position) => {
      doc.fontSize(11).text(`${position + 1}. ${item.code} (area ${item.areaCode}): +${desimal(item.gain)}`);
      doc.fontSize(9).text(item.name, { indent: 14 });
    });
    doc.fontSize(11).text(`Nilai bila semuanya tercapai: ${desimal(path.totalAfterPriority)}`);
  }
}
