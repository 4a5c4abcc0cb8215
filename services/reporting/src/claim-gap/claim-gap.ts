import { assertMayReadPemda, type AuthPrincipal } from '@mcp/auth';
import { computeClaimedScore, Decimal, roundScore } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EvidenceTrailRepository } from '../evidence-trail/evidence-trail.repository';
import type { ClaimGapView } from './claim-gap.view';

const figure = (value: Decimal) => Number(roundScore(value));

/**
 * The claimed-vs-verified gap of a Pemda: over the sub-indicators with a verdict in force, the
 * score its claims (the claim of its newest upload not withdrawn) would give, against the score
 * its verified values give, by the framework's weights, overall and per area. Items still waiting
 * are left out: their gap is not known yet. Both sides use the claim roll-up, which does not hold
 * values to the rubric, so a value of another revision shows in the gap instead of failing.
 */
@Injectable()
export class ClaimGap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly trail: EvidenceTrailRepository,
  ) {}

  async gap(principal: AuthPrincipal, pemdaCode: string, year: number): Promise<ClaimGapView> {
    assertMayReadPemda(principal, pemdaCode);
    await this.referenceData.requirePemda(pemdaCode);
    const { framework, index } = await this.referenceData.requireFramework(year);
    const claims = new Map<string, number>();
    const verifiedValues = new Map<string, number>();
    let decided = 0;
    for (const item of await this.trail.itemStatuses(this.dataSource.manager, year, null, [pemdaCode])) {
      if (!index.subIndicators.has(item.subIndicatorCode)) continue;
      if (item.outcome !== 'approved' && item.outcome !== 'rejected') continue;
      decided += 1;
      if (item.claimedValue !== null) claims.set(item.subIndicatorCode, Number(item.claimedValue));
      verifiedValues.set(item.subIndicatorCode, item.outcome === 'approved' ? Number(item.verifiedValue ?? 0) : 0);
    }
    const claimed = computeClaimedScore(framework, claims);
    const verified = computeClaimedScore(framework, verifiedValues);
    const gap = claimed.total.minus(verified.total);
    return {
      year,
      pemdaCode,
      decided,
      claimed: figure(claimed.total),
      verified: figure(verified.total),
      gap: figure(gap),
      gapExact: gap.toFixed(),
      areas: claimed.areas.map((area, position) => ({
        code: area.code,
        claimed: figure(area.score),
        verified: figure(verified.areas[position].score),
        gap: figure(area.score.minus(verified.areas[position].score)),
      })),
    };
  }
}
