import {
  colourBand,
  Decimal,
  roundScore,
  type BandThreshold,
  type ColourBand,
  type Framework,
  type PemdaScore,
} from '@mcp/mcp-domain';
import { ApiProperty } from '@nestjs/swagger';
import { decimalText } from '../decimal-text';
import type { TargetSetting } from '../targets/targets.service';
import type { StoredAreaScore } from './pemda-score.entity';

const BANDS = ['red', 'yellow', 'blue', 'green'];

export class AreaScoreView {
  @ApiProperty({ example: 'PRC' })
  code: string;

  @ApiProperty({ example: 'Perencanaan' })
  name: string;

  @ApiProperty({ example: 11.11, description: 'Area score 0–100, rounded half-up to 2 decimals' })
  score: number;

  @ApiProperty({ example: '11.108889', description: 'The exact, unrounded area score' })
  scoreExact: string;
}

export class PemdaScoreView {
  @ApiProperty({ example: '32.73' })
  pemdaCode: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 1, description: 'The framework revision the score was computed with' })
  frameworkRevision: number;

  @ApiProperty({ example: 1.33, description: 'Total 0–100 from verified values only, rounded half-up to 2 decimals' })
  total: number;

  @ApiProperty({ example: '1.33306668', description: 'The exact, unrounded total' })
  totalExact: string;

  @ApiProperty({ type: [AreaScoreView], description: 'Every area of the framework, in framework order' })
  areas: AreaScoreView[];

  @ApiProperty({ enum: BANDS, description: "Band of the rounded total by the year's thresholds" })
  colourBand: ColourBand;

  @ApiProperty({ example: 2.63, description: "The same roll-up over the Pemda's claims (nilai) on decided items" })
  claimedTotal: number;

  @ApiProperty({ example: '2.63306668' })
  claimedTotalExact: string;

  @ApiProperty({ example: 1.3, description: 'claimedTotal − total: what the Pemda claimed and verification did not grant' })
  claimGap: number;

  @ApiProperty({ example: '1.3' })
  claimGapExact: string;

  @ApiProperty({ type: [AreaScoreView], description: 'Claimed area scores, in framework order' })
  claimedAreas: AreaScoreView[];

  @ApiProperty({ example: 75, description: "The Pemda's target for the year" })
  target: number;

  @ApiProperty({ enum: ['pemda', 'national'], description: 'Set for this Pemda by an admin, or the national default' })
  targetSource: 'pemda' | 'national';

  @ApiProperty({ example: 73.67, description: 'target − total; 0 or below means the target is met' })
  gapToTarget: number;

  @ApiProperty({ example: '73.66693332' })
  gapToTargetExact: string;

  @ApiProperty({ nullable: true, example: '2024-06-02T08:00:01.000Z', description: 'When the score last changed', type: String })
  changedAt: string | null;

  @ApiProperty({ nullable: true, example: null, description: 'The instant the score is as of, when asked', type: String })
  asOf: string | null;
}

/** A score as stored (current row or history row): exact decimal strings. */
export interface StoredScore {
  pemdaCode: string;
  year: number;
  frameworkRevision: number;
  total: string;
  areas: StoredAreaScore[];
  claimedTotal: string;
  claimedAreas: StoredAreaScore[];
  changedAt: Date | null;
}

export interface ScoreContext {
  bands: readonly BandThreshold[];
  target: TargetSetting;
  asOf: Date | null;
}

/** Area scores as stored and published: exact decimal strings, named after the framework's areas. */
export function storedAreaScores(framework: Framework, score: PemdaScore): StoredAreaScore[] {
  return score.areas.map((area, i) => ({
    code: area.code,
    name: framework.areas[i].name,
    score: decimalText(area.score),
  }));
}

/** For display: 2 decimals as a number, from the exact value (rounded once, never re-rounded). */
function displayScore(exact: Decimal | string): number {
  return Number(roundScore(new Decimal(exact)));
}

function areaViews(areas: StoredAreaScore[]): AreaScoreView[] {
  return areas.map((area) => ({ code: area.code, name: area.name, score: displayScore(area.score), scoreExact: area.score }));
}

export function pemdaScoreView(score: StoredScore, context: ScoreContext): PemdaScoreView {
  const total = new Decimal(score.total);
  const claimed = new Decimal(score.claimedTotal);
  const gapToTarget = context.target.value.minus(total);
  return {
    pemdaCode: score.pemdaCode,
    year: score.year,
    frameworkRevision: score.frameworkRevision,
    total: displayScore(total),
    totalExact: decimalText(total),
    areas: areaViews(score.areas),
    colourBand: colourBand(displayScore(total), context.bands),
    claimedTotal: displayScore(claimed),
    claimedTotalExact: decimalText(claimed),
    claimGap: displayScore(claimed.minus(total)),
    claimGapExact: decimalText(claimed.minus(total)),
    claimedAreas: areaViews(score.claimedAreas),
    target: context.target.value.toNumber(),
    targetSource: context.target.source,
    gapToTarget: displayScore(gapToTarget),
    gapToTargetExact: decimalText(gapToTarget),
    changedAt: score.changedAt === null ? null : score.changedAt.toISOString(),
    asOf: context.asOf === null ? null : context.asOf.toISOString(),
  };
}

/** A Pemda without any verified evidence (yet, or as of the date asked) scores 0 in every area. */
export function unscoredScore(pemdaCode: string, framework: Framework): StoredScore {
  const zeros = framework.areas.map((area) => ({ code: area.code, name: area.name, score: '0' }));
  return {
    pemdaCode,
    year: framework.year,
    frameworkRevision: framework.revision,
    total: '0',
    areas: zeros,
    claimedTotal: '0',
    claimedAreas: zeros,
    changedAt: null,
  };
}
