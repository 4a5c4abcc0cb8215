import type { AuthPrincipal } from '@mcp/auth';
import { bandsOf, type Framework, type PemdaScore } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { asOfInstant } from '../as-of';
import { decimalText } from '../decimal-text';
import { requireFrameworkYear, requireKnownPemda } from '../known-references';
import { TargetsService } from '../targets/targets.service';
import { assertMayReadPemdaScore } from './pemda-score-readers';
import { PemdaScoreRecord } from './pemda-score.entity';
import {
  pemdaScoreOf,
  pemdaScoreView,
  storedAreaScores,
  unscoredScore,
  type PemdaScoreView,
  type StoredScore,
} from './pemda-score.view';

export type ScoreCause = 'decision' | 'framework-revision';

export interface ScoreReplacement {
  pemdaCode: string;
  year: number;
  framework: Framework;
  score: PemdaScore;
  claimed: PemdaScore;
  cause: ScoreCause;
  /** The decision that changed the score, or for a framework revision the last decision in force. */
  causedByDecisionId: string;
  now: Date;
}

const STORED_COLUMNS = `pemda_code AS "pemdaCode", year, framework_revision AS "frameworkRevision", total, areas,
  claimed_total AS "claimedTotal", claimed_areas AS "claimedAreas"`;

@Injectable()
export class PemdaScoresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly targets: TargetsService,
  ) {}

  /**
   * Runs in the caller's transaction, which holds the Pemda-year lock: replaces the current score,
   * keeps it in the history (every change, so "as of" works), and returns the score it replaced
   * (null when the Pemda had none yet for the year).
   */
  async replace(manager: EntityManager, replacement: ScoreReplacement): Promise<PemdaScore | null> {
    const { pemdaCode, year, framework } = replacement;
    const previous = await manager.findOne(PemdaScoreRecord, { where: { pemdaCode, year } });
    const row = {
      pemdaCode,
      year,
      frameworkRevision: framework.revision,
      total: decimalText(replacement.score.total),
      areas: storedAreaScores(framework, replacement.score),
      claimedTotal: decimalText(replacement.claimed.total),
      claimedAreas: storedAreaScores(framework, replacement.claimed),
      causedByDecisionId: replacement.causedByDecisionId,
      updatedAt: replacement.now,
    };
    await manager.upsert(PemdaScoreRecord, row, ['pemdaCode', 'year']);
    await manager.query(
      `INSERT INTO "scoring"."pemda_score_history"
         (pemda_code, year, framework_revision, total, areas, claimed_total, claimed_areas, cause,
          caused_by_decision_id, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        pemdaCode,
        year,
        row.frameworkRevision,
        row.total,
        JSON.stringify(row.areas),
        row.claimedTotal,
        JSON.stringify(row.claimedAreas),
        replacement.cause,
        replacement.causedByDecisionId,
        replacement.now,
      ],
    );
    return previous ? pemdaScoreOf(previous) : null;
  }

  /** What GET /v1/scores/pemda/:pemdaCode answers: now, or as of an instant. */
  async scoreFor(principal: AuthPrincipal, pemdaCode: string, year: number, asOf?: string): Promise<PemdaScoreView> {
    assertMayReadPemdaScore(principal, pemdaCode);
    await requireKnownPemda(this.referenceData, pemdaCode);
    const { framework } = await requireFrameworkYear(this.referenceData, year);
    const at = asOfInstant(asOf, framework.timeZone);
    const stored = at === null ? await this.current(pemdaCode, year) : await this.asOf(pemdaCode, year, at);
    const context = { bands: bandsOf(framework), target: await this.targets.targetFor(pemdaCode, year), asOf: at };
    return pemdaScoreView(stored ?? unscoredScore(pemdaCode, framework), context);
  }

  /** Every stored score of a year, by Pemda code, for the recompute's comparison. */
  async allFor(year: number): Promise<Map<string, StoredScore>> {
    const rows: StoredScore[] = await this.dataSource.query(
      `SELECT ${STORED_COLUMNS}, updated_at AS "changedAt" FROM "scoring"."pemda_score" WHERE year = $1`,
      [year],
    );
    return new Map(rows.map((row) => [row.pemdaCode, row]));
  }

  private async current(pemdaCode: string, year: number): Promise<StoredScore | undefined> {
    const [row]: StoredScore[] = await this.dataSource.query(
      `SELECT ${STORED_COLUMNS}, updated_at AS "changedAt" FROM "scoring"."pemda_score"
       WHERE pemda_code = $1 AND year = $2`,
      [pemdaCode, year],
    );
    return row;
  }

  /** The last change at or before the instant; none means the Pemda had no score then. */
  private async asOf(pemdaCode: string, year: number, at: Date): Promise<StoredScore | undefined> {
    const [row]: StoredScore[] = await this.dataSource.query(
      `SELECT ${STORED_COLUMNS}, changed_at AS "changedAt" FROM "scoring"."pemda_score_history"
       WHERE pemda_code = $1 AND year = $2 AND changed_at <= $3
       ORDER BY changed_at DESC, id DESC LIMIT 1`,
      [pemdaCode, year, at],
    );
    return row;
  }
}
