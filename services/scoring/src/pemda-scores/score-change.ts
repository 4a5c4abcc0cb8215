import type { ScoreSnapshotV1, ScoreUpdatedV1 } from '@mcp/contracts';
import { computePemdaScore, Decimal, ScoringInputError, type Framework, type PemdaScore } from '@mcp/mcp-domain';
import { PermanentEventError } from '@mcp/messaging';
import type { PemdaRecord } from '@mcp/reference-data';
import { decimalText } from '../decimal-text';
import type { StoredAreaScore } from './pemda-score.entity';

/**
 * The Pemda's score from all its verified values. A code the framework lacks or a value off the
 * rubric means a decision belongs to another framework: permanent (the decision event goes to the
 * dead-letter topic), never a silent 0. A revision is checked to fit before it re-scores a year.
 */
export function scoreAgainst(framework: Framework, verifiedValues: ReadonlyMap<string, number>): PemdaScore {
  try {
    return computePemdaScore(framework, verifiedValues);
  } catch (error) {
    if (!(error instanceof ScoringInputError)) throw error;
    const { year, revision } = framework;
    throw new PermanentEventError(
      `${error.message} (kerangka ${year} revisi ${revision}; ` +
        `the decision does not fit framework ${year} r${revision}: unknown sub-indicator or value off the rubric)`,
    );
  }
}

/** The score a stored row holds, for the delta of the next change. */
export function pemdaScoreOf(stored: { total: string; areas: StoredAreaScore[] }): PemdaScore {
  return {
    total: new Decimal(stored.total),
    areas: stored.areas.map((area) => ({ code: area.code, score: new Decimal(area.score) })),
  };
}

export interface ScoreChange {
  pemda: PemdaRecord;
  year: number;
  frameworkRevision: number;
  score: PemdaScore;
  previousTotal: Decimal | null;
  causedByDecisionId: string;
  computedAt: Date;
}

export function scoreUpdatedOf(change: ScoreChange): ScoreUpdatedV1 {
  return {
    pemdaCode: change.pemda.code,
    provinceCode: change.pemda.provinceCode,
    wilayah: change.pemda.wilayah,
    year: change.year,
    frameworkRevision: change.frameworkRevision,
    total: decimalText(change.score.total),
    previousTotal: change.previousTotal === null ? '0' : decimalText(change.previousTotal),
    areas: change.score.areas.map((area) => ({ code: area.code, score: decimalText(area.score) })),
    causedByDecisionId: change.causedByDecisionId,
    computedAt: change.computedAt.toISOString(),
  };
}

/** The state half of a change, for the compacted `mcp.score.snapshot.v1`: no cause, no previous total. */
export function scoreSnapshotOf(updated: ScoreUpdatedV1): ScoreSnapshotV1 {
  const { pemdaCode, provinceCode, wilayah, year, frameworkRevision, total, areas, computedAt } = updated;
  return { pemdaCode, provinceCode, wilayah, year, frameworkRevision, total, areas, computedAt };
}
