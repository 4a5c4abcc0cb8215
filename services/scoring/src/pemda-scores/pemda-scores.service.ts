import type { AuthPrincipal } from '@mcp/auth';
import { Decimal, type PemdaScore } from '@mcp/mcp-domain';
import { ReferenceData, type FrameworkRecord } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { decimalText } from '../decimal-text';
import { requireFrameworkYear, requireKnownPemda } from '../known-references';
import { assertMayReadPemdaScore } from './pemda-score-readers';
import { PemdaScoreRecord } from './pemda-score.entity';
import { pemdaScoreView, storedAreaScores, unscoredView, type PemdaScoreView } from './pemda-score.view';

export interface ScoreReplacement {
  pemdaCode: string;
  year: number;
  framework: FrameworkRecord;
  score: PemdaScore;
  causedByDecisionId: string;
  now: Date;
}

@Injectable()
export class PemdaScoresService {
  constructor(
    @InjectRepository(PemdaScoreRecord) private readonly scores: Repository<PemdaScoreRecord>,
    private readonly referenceData: ReferenceData,
  ) {}

  /**
   * Runs in the decision's transaction; returns the total it replaced, null when the Pemda had no
   * score yet for the year. The caller holds the Pemda-year lock, so nothing changes in between.
   */
  async replace(manager: EntityManager, replacement: ScoreReplacement): Promise<Decimal | null> {
    const { pemdaCode, year, framework, score } = replacement;
    const previous = await manager.findOne(PemdaScoreRecord, { where: { pemdaCode, year } });
    await manager.upsert(
      PemdaScoreRecord,
      {
        pemdaCode,
        year,
        frameworkRevision: framework.framework.revision,
        total: decimalText(score.total),
        areas: storedAreaScores(framework.framework, score),
        causedByDecisionId: replacement.causedByDecisionId,
        updatedAt: replacement.now,
      },
      ['pemdaCode', 'year'],
    );
    return previous ? new Decimal(previous.total) : null;
  }

  /** What GET /v1/scores/pemda/:pemdaCode answers. */
  async scoreFor(principal: AuthPrincipal, pemdaCode: string, year: number): Promise<PemdaScoreView> {
    assertMayReadPemdaScore(principal, pemdaCode);
    await requireKnownPemda(this.referenceData, pemdaCode);
    const framework = await requireFrameworkYear(this.referenceData, year);
    const stored = await this.scores.findOneBy({ pemdaCode, year });
    return stored ? pemdaScoreView(stored) : unscoredView(pemdaCode, framework.framework);
  }
}
