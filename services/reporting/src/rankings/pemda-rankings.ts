import { DomainError } from '@mcp/service-runtime';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { rankDescending } from '../reports/competition-rank';
import { PemdaReport } from '../reports/pemda-report.entity';
import { publishedScore } from '../reports/published-score';
import { WILAYAH_CODES, type RankingQuery } from './ranking.query';
import type { PemdaRankingRow } from './ranking.view';

/**
 * Ranks Pemda from the read model: every Pemda of the scope takes part, an unscored one at 0,
 * because KPK's tables list all of them. The rank is on the published (2-place) figure, so two
 * Pemda shown with the same score never get different ranks.
 */
@Injectable()
export class PemdaRankings {
  constructor(
    @InjectRepository(PemdaReport) private readonly reports: Repository<PemdaReport>,
    private readonly referenceData: ReferenceData,
  ) {}

  async rank({ year, scope, region, kind }: RankingQuery): Promise<PemdaRankingRow[]> {
    const pemda = await this.referenceData.allPemda();
    const members = pemda.filter((record) => inScope(record, scope, region) && (!kind || record.kind === kind));
    if (scope !== 'national' && members.length === 0 && !pemda.some((record) => inScope(record, scope, region))) {
      throw new DomainError('not-found', 'UNKNOWN_REGION', unknownRegionMessage(scope, region ?? ''), { region });
    }
    const totals = new Map((await this.reports.findBy({ year })).map((report) => [report.pemdaCode, report.total]));
    const rows = members.map(({ code, name, kind, provinceCode, wilayah }) => {
      const totalExact = totals.get(code) ?? '0';
      return { pemdaCode: code, name, kind, provinceCode, wilayah, total: publishedScore(totalExact), totalExact };
    });
    return rankDescending(rows, (row) => row.total, (row) => row.pemdaCode);
  }
}

function inScope(record: PemdaRecord, scope: RankingQuery['scope'], region: string | undefined): boolean {
  if (scope === 'province') return record.provinceCode === region;
  if (scope === 'wilayah') return WILAYAH_CODES.includes(region ?? '') && record.wilayah === region;
  return true;
}

/**
 * Names what the scope expected: a province code sent with scope=wilayah (or a wilayah numeral with
 * scope=province) is a wrong scope, and the message says which one to use instead.
 */
export function unknownRegionMessage(scope: 'province' | 'wilayah', region: string): string {
  if (scope === 'province') {
    return WILAYAH_CODES.includes(region)
      ? `Provinsi ${region} tidak dikenal; untuk wilayah gunakan scope=wilayah (unknown province ${region}; use scope=wilayah for a wilayah)`
      : `Provinsi ${region} tidak dikenal (unknown province ${region})`;
  }
  return /^[0-9]{2}$/.test(region)
    ? `Wilayah ${region} tidak dikenal; untuk provinsi gunakan scope=province (unknown wilayah ${region}; use scope=province for a province)`
    : `Wilayah ${region} tidak dikenal: gunakan I … V (unknown wilayah ${region})`;
}
