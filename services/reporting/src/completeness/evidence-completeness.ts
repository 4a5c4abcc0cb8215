import { assertMayReadPemda, assertMayReadRegion, type AuthPrincipal } from '@mcp/auth';
import { Decimal, roundScore } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EvidenceTrailRepository } from '../evidence-trail/evidence-trail.repository';
import { requireRegion } from '../reports/region-scope';
import { dayEnd } from '../reports/month-end';
import { scopeOf } from '../reports/report-scope.query';
import type { CompletenessQuery } from './completeness.query';
import type { CompletenessView } from './completeness.view';

/** A verdict ends verification; a revision request sends the item back to the Pemda. */
const VERDICTS = new Set(['approved', 'rejected']);

/**
 * How much of the year's framework a Pemda has covered: the share of its sub-indicators with
 * evidence uploaded (and not withdrawn), and the share with a verdict in force. A region's share
 * is the mean over every Pemda of the region, a Pemda without uploads counting 0 (decisions.md #9).
 */
@Injectable()
export class EvidenceCompleteness {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly trail: EvidenceTrailRepository,
  ) {}

  async completeness(principal: AuthPrincipal, query: CompletenessQuery): Promise<CompletenessView> {
    const scope = scopeOf(query);
    let members: string[];
    if ('pemda' in scope) {
      assertMayReadPemda(principal, scope.pemda);
      members = [(await this.referenceData.requirePemda(scope.pemda)).code];
    } else {
      members = requireRegion(await this.referenceData.allPemda(), scope.region).members.map(({ code }) => code);
      assertMayReadRegion(principal, scope.region, members);
    }
    const { index } = await this.referenceData.requireFramework(query.year);
    const asOf = query.asOf === undefined ? null : dayEnd(query.asOf);
    const inFramework = (code: string) => index.subIndicators.has(code);
    const subIndicatorCount = index.subIndicators.size;
    const items = (await this.trail.itemStatuses(this.dataSource.manager, query.year, asOf, members)).filter((item) =>
      inFramework(item.subIndicatorCode),
    );
    const uploaded = items.filter((item) => item.evidenceCount > 0).length;
    const verified = items.filter((item) => item.outcome !== null && VERDICTS.has(item.outcome)).length;
    const share = (count: number) => Number(roundScore(new Decimal(count).times(100).dividedBy(members.length * subIndicatorCount)));
    return {
      year: query.year,
      pemdaCode: 'pemda' in scope ? scope.pemda : null,
      regionCode: 'region' in scope ? scope.region : null,
      asOf: asOf === null ? null : asOf.toISOString(),
      pemdaCount: members.length,
      subIndicatorCount,
      uploaded,
      verified,
      uploadedShare: subIndicatorCount === 0 ? 0 : share(uploaded),
      verifiedShare: subIndicatorCount === 0 ? 0 : share(verified),
    };
  }
}
