import { Decimal, roundScore, type Framework, type PemdaScore } from '@mcp/mcp-domain';
import { ApiProperty } from '@nestjs/swagger';
import { decimalText } from '../decimal-text';
import type { StoredAreaScore } from './pemda-score.entity';

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

  @ApiProperty({ example: 1.33, description: 'Total 0–100, rounded half-up to 2 decimals' })
  total: number;

  @ApiProperty({ example: '1.33306668', description: 'The exact, unrounded total' })
  totalExact: string;

  @ApiProperty({ type: [AreaScoreView], description: 'Every area of the framework, in framework order' })
  areas: AreaScoreView[];
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
function displayScore(exact: string): number {
  return Number(roundScore(new Decimal(exact)));
}

export function pemdaScoreView(score: {
  pemdaCode: string;
  year: number;
  frameworkRevision: number;
  total: string;
  areas: StoredAreaScore[];
}): PemdaScoreView {
  const totalExact = decimalText(new Decimal(score.total));
  return {
    pemdaCode: score.pemdaCode,
    year: score.year,
    frameworkRevision: score.frameworkRevision,
    total: displayScore(totalExact),
    totalExact,
    areas: score.areas.map((area) => ({
      code: area.code,
      name: area.name,
      score: displayScore(area.score),
      scoreExact: area.score,
    })),
  };
}

/** A Pemda without any verified evidence scores 0 in every area of the year's framework. */
export function unscoredView(pemdaCode: string, framework: Framework): PemdaScoreView {
  return pemdaScoreView({
    pemdaCode,
    year: framework.year,
    frameworkRevision: framework.revision,
    total: '0',
    areas: framework.areas.map((area) => ({ code: area.code, name: area.name, score: '0' })),
  });
}
