import { assertMayReadPemda, type AuthPrincipal } from '@mcp/auth';
import { bandsOf } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { asOfInstant } from '../as-of';
import { TargetsService } from '../targets/targets.service';
import { PemdaScoreRepository } from './pemda-score.repository';
import { pemdaScoreView, unscoredScore, type PemdaScoreView } from './pemda-score.view';

@Injectable()
export class PemdaScoresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly scores: PemdaScoreRepository,
    private readonly targets: TargetsService,
  ) {}

  /** What GET /v1/scores/pemda/:pemdaCode answers: now, or as of an instant. */
  async scoreFor(principal: AuthPrincipal, pemdaCode: string, year: number, asOf?: string): Promise<PemdaScoreView> {
    assertMayReadPemda(principal, pemdaCode);
    await this.referenceData.requirePemda(pemdaCode);
    const { framework } = await this.referenceData.requireFramework(year);
    const at = asOfInstant(asOf, framework.timeZone);
    const db = this.dataSource.manager;
    const stored = at === null ? await this.scores.current(db, pemdaCode, year) : await this.scores.asOf(db, pemdaCode, year, at);
    const context = { bands: bandsOf(framework), target: await this.targets.targetFor(pemdaCode, year), asOf: at };
    return pemdaScoreView(stored ?? unscoredScore(pemdaCode, framework), context);
  }
}
