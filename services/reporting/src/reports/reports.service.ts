import { assertMayReadPemda, assertMayReadRegion, WILAYAH, type AuthPrincipal } from '@mcp/auth';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { rankAmong, rankDescending } from './competition-rank';
import { PemdaReport } from './pemda-report.entity';
import { publishedScore } from './published-score';
import { NATIONAL, pemdaCountsByRegion, wilayahRegionCode } from './region-pemda-counts';
import { requireRegion } from './region-scope';
import { RegionReport } from './region-report.entity';
import type {
  NationalReportView,
  PemdaReportView,
  ProvinceRankingRow,
  RegionFigure,
  RegionReportView,
} from './report.view';

type DatedRegionFigure = RegionFigure & { updatedAt: string | null };

/**
 * Answers report queries from the read model alone. Averages are the scoring service's; a region
 * it has not reported on yet shows 0 over all of its Pemda, which is what its rule gives then.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectRepository(PemdaReport) private readonly pemdaReports: Repository<PemdaReport>,
    @InjectRepository(RegionReport) private readonly regionReports: Repository<RegionReport>,
    private readonly referenceData: ReferenceData,
  ) {}

  async national(year: number): Promise<NationalReportView> {
    const figureOf = await this.regionFigures(year);
    const { average, pemdaCount, updatedAt } = figureOf(NATIONAL);
    const wilayah = WILAYAH.map((code) => {
      const { regionCode, average, pemdaCount } = figureOf(wilayahRegionCode(code));
      return { regionCode, average, pemdaCount };
    });
    return { year, average, pemdaCount, wilayah, updatedAt };
  }

  async provinceRanking(year: number): Promise<ProvinceRankingRow[]> {
    const [figureOf, pemda] = await Promise.all([this.regionFigures(year), this.referenceData.allPemda()]);
    const provinces = pemda
      .filter((record) => record.kind === 'provinsi')
      .map(({ code, name, wilayah }) => {
        const { average, pemdaCount } = figureOf(code);
        return { provinceCode: code, name, wilayah, average, pemdaCount };
      });
    return rankDescending(provinces, (row) => row.average, (row) => row.provinceCode);
  }

  async pemdaReport(principal: AuthPrincipal, pemdaCode: string, year: number): Promise<PemdaReportView> {
    return (await this.pemdaReportExact(principal, pemdaCode, year)).report;
  }

  /**
   * The report and the exact stored total its `total` rounds ('0' without a score), so a figure
   * worked out from the total (the report card's gap to the target) starts from the one shown.
   */
  async pemdaReportExact(principal: AuthPrincipal, pemdaCode: string, year: number): Promise<{ report: PemdaReportView; totalExact: string }> {
    assertMayReadPemda(principal, pemdaCode);
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    const { own, rankInProvince } = await this.standingInProvince(pemda, year);
    const report: PemdaReportView = {
      pemdaCode,
      name: pemda.name,
      kind: pemda.kind,
      provinceCode: pemda.provinceCode,
      wilayah: pemda.wilayah,
      year,
      total: own ? publishedScore(own.total) : 0,
      areas: (own?.areas ?? []).map(({ code, score }) => ({ code, score: publishedScore(score) })),
      rankInProvince,
      updatedAt: own?.updatedAt.toISOString() ?? null,
    };
    return { report, totalExact: own?.total ?? '0' };
  }

  /** GET /v1/reports/regions/:regionCode: to KPK roles and the region's own Pemda (#142). */
  async regionReportFor(principal: AuthPrincipal, regionCode: string, year: number): Promise<RegionReportView> {
    const { members } = requireRegion(await this.referenceData.allPemda(), regionCode);
    assertMayReadRegion(principal, regionCode, members.map(({ code }) => code));
    return this.regionReport(regionCode, year);
  }

  /** A region's average, overall and per area; 0 over all its Pemda before its first aggregate. */
  async regionReport(regionCode: string, year: number): Promise<RegionReportView> {
    const pemda = await this.referenceData.allPemda();
    const { regionKind: region } = requireRegion(pemda, regionCode);
    const stored = await this.regionReports.findOneBy({ regionCode, year });
    if (!stored) {
      const pemdaCount = pemdaCountsByRegion(pemda).get(regionCode) ?? 0;
      return { regionCode, regionKind: region, year, average: 0, averageExact: '0', pemdaCount, areas: [], updatedAt: null };
    }
    return {
      regionCode,
      regionKind: stored.regionKind,
      year,
      average: publishedScore(stored.average),
      averageExact: stored.average,
      pemdaCount: stored.pemdaCount,
      areas: (stored.areas ?? []).map(({ code, average }) => ({ code, average: publishedScore(average), averageExact: average })),
      updatedAt: stored.updatedAt.toISOString(),
    };
  }

  /** The Pemda's stored score, if any, and its rank among every Pemda of its province. */
  private async standingInProvince(
    pemda: PemdaRecord,
    year: number,
  ): Promise<{ own?: PemdaReport; rankInProvince: number }> {
    const members = (await this.referenceData.allPemda()).filter(
      (record) => record.provinceCode === pemda.provinceCode,
    );
    const reports = await this.pemdaReports.findBy({ year, pemdaCode: In(members.map(({ code }) => code)) });
    const totals = new Map(reports.map((report) => [report.pemdaCode, publishedScore(report.total)]));
    const provinceTotals = members.map(({ code }) => totals.get(code) ?? 0);
    return {
      own: reports.find((report) => report.pemdaCode === pemda.code),
      rankInProvince: rankAmong(totals.get(pemda.code) ?? 0, provinceTotals),
    };
  }

  /** Region code → its figure for the year: the last aggregate, or 0 over its Pemda before any. */
  private async regionFigures(year: number): Promise<(regionCode: string) => DatedRegionFigure> {
    const [reports, pemda] = await Promise.all([
      this.regionReports.findBy({ year }),
      this.referenceData.allPemda(),
    ]);
    const byCode = new Map(reports.map((report) => [report.regionCode, report]));
    const counts = pemdaCountsByRegion(pemda);
    return (regionCode) => {
      const report = byCode.get(regionCode);
      if (!report) return { regionCode, average: 0, pemdaCount: counts.get(regionCode) ?? 0, updatedAt: null };
      return {
        regionCode,
        average: publishedScore(report.average),
        pemdaCount: report.pemdaCount,
        updatedAt: report.updatedAt.toISOString(),
      };
    };
  }
}
