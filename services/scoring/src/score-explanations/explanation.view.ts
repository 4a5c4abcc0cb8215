import type {
  AreaExplanation,
  IndicatorExplanation,
  Label,
  OpenSubIndicator,
  PathToTarget,
  ScoreExplanation,
  SubIndicatorExplanation,
} from '@mcp/mcp-domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { decimalText } from '../decimal-text';

/* Explanations show exact decimal strings only: they exist to be checked by hand. */

export class SubIndicatorExplanationView {
  @ApiProperty({ example: 'PRC.1.1' }) code: string;
  @ApiProperty({ example: 'Penetapan SSH' }) name: string;
  @ApiProperty({ example: 33.33 }) weight: number;
  @ApiProperty({ enum: ['steps', 'evidence-points'] }) rubricKind: string;
  @ApiProperty({ example: [0, 50, 100] }) rubricSteps: number[];
  @ApiProperty({ enum: ['approved', 'rejected', 'revision_requested', 'not_decided'] }) status: string;
  @ApiProperty({ nullable: true, example: 100, description: 'nilai: the claim on the decision in force', type: Number }) claimedValue: number | null;
  @ApiProperty({ nullable: true, example: 100, description: 'nilai_verifikasi: only an approval has one', type: Number }) verifiedValue: number | null;
  @ApiProperty({ nullable: true, example: '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b', type: String }) decisionId: string | null;
  @ApiProperty({ example: ['0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10'] }) evidenceIds: string[];
  @ApiProperty({ nullable: true, example: '2024-06-02T08:00:00.000Z', type: String }) decidedAt: string | null;
  @ApiProperty({ example: '33.33', description: 'What it adds to its indicator: weight × verifiedValue / 100' }) score: string;
  @ApiProperty({ example: '1.33306668', description: 'The most it can add to the total' }) shareOfTotal: string;
  @ApiProperty({ example: '1.33306668', description: 'What it adds to the total now' }) contributionToTotal: string;
  @ApiProperty({ example: '33.33 × 100 / 100 = 33.33' }) computation: string;
}

export class IndicatorExplanationView {
  @ApiProperty({ example: 'PRC.1' }) code: string;
  @ApiProperty({ example: 'Standar harga dan analisis standar belanja' }) name: string;
  @ApiProperty({ example: 33.33 }) weight: number;
  @ApiPropertyOptional({ example: 'TRN', description: '2025-style frameworks' }) aspectCode?: string;
  @ApiPropertyOptional({ example: 'S01', description: '2025-style frameworks' }) sasaranCode?: string;
  @ApiProperty({ example: '33.33' }) score: string;
  @ApiProperty({ example: 'Σ nilai subindikator = 33.33 + 0 + 0 = 33.33' }) computation: string;
  @ApiProperty({ type: [SubIndicatorExplanationView] }) subIndicators: SubIndicatorExplanationView[];
}

export class AreaExplanationView {
  @ApiProperty({ example: 'PRC' }) code: string;
  @ApiProperty({ example: 'Perencanaan' }) name: string;
  @ApiProperty({ example: 12 }) weight: number;
  @ApiProperty({ example: '11.108889' }) score: string;
  @ApiProperty({ example: 'Σ (bobot indikator × nilai indikator / 100) = 33.33 × 33.33 / 100 + … = 11.108889' })
  computation: string;
  @ApiProperty({ type: [IndicatorExplanationView] }) indicators: IndicatorExplanationView[];
}

export class ScoreExplanationView {
  @ApiProperty({ example: '32.73' }) pemdaCode: string;
  @ApiProperty({ example: 2024 }) year: number;
  @ApiProperty({ example: 1 }) frameworkRevision: number;
  @ApiProperty({ example: '1.33306668' }) total: string;
  @ApiProperty({ example: 'Σ (bobot area × nilai area / 100) = 12 × 11.108889 / 100 + … = 1.33306668' }) computation: string;
  @ApiProperty({ description: 'sub = subW × v / 100; indicator = Σ sub; area = Σ indW × indicator / 100; total = Σ areaW × area / 100' })
  rule: string;
  @ApiProperty({ type: [AreaExplanationView] }) areas: AreaExplanationView[];
  @ApiPropertyOptional({ description: 'Aspects of a 2025-style framework' }) aspects?: Label[];
}

export function explanationView(
  pemdaCode: string,
  frameworkRevision: number,
  year: number,
  explanation: ScoreExplanation,
  aspects: Label[] | undefined,
): ScoreExplanationView {
  return {
    pemdaCode,
    year,
    frameworkRevision,
    total: decimalText(explanation.total),
    computation: explanation.computation,
    rule:
      'nilai subindikator = bobot × nilai_verifikasi / 100 (tanpa persetujuan = 0); indikator = Σ subindikator; ' +
      'area = Σ bobot indikator × indikator / 100; total = Σ bobot area × area / 100. Hanya nilai terverifikasi dihitung.',
    areas: explanation.areas.map(areaView),
    ...(aspects ? { aspects } : {}),
  };
}

function areaView(area: AreaExplanation): AreaExplanationView {
  return { ...area, score: decimalText(area.score), indicators: area.indicators.map(indicatorView) };
}

function indicatorView(indicator: IndicatorExplanation): IndicatorExplanationView {
  return { ...indicator, score: decimalText(indicator.score), subIndicators: indicator.subIndicators.map(subView) };
}

function subView(sub: SubIndicatorExplanation): SubIndicatorExplanationView {
  return {
    ...sub,
    score: decimalText(sub.score),
    shareOfTotal: decimalText(sub.shareOfTotal),
    contributionToTotal: decimalText(sub.contributionToTotal),
  };
}

export class OpenSubIndicatorView {
  @ApiProperty({ example: 'PBJ.2.1' }) code: string;
  @ApiProperty({ example: 'Pengumuman RUP' }) name: string;
  @ApiProperty({ example: 'PBJ' }) areaCode: string;
  @ApiProperty({ example: 'PBJ.2' }) indicatorCode: string;
  @ApiProperty({ example: 0, description: 'The verified value now (0 without an approval)' }) currentValue: number;
  @ApiProperty({ example: 1.68, description: 'How much the total rises if it is verified at 100, 2 decimals' }) gain: number;
  @ApiProperty({ example: '1.68' }) gainExact: string;
}

export class PathToTargetView {
  @ApiProperty({ example: '32.73' }) pemdaCode: string;
  @ApiProperty({ example: 2024 }) year: number;
  @ApiProperty({ example: 1 }) frameworkRevision: number;
  @ApiProperty({ example: '1.33306668' }) total: string;
  @ApiProperty({ example: '75' }) target: string;
  @ApiProperty({ enum: ['pemda', 'national'] }) targetSource: 'pemda' | 'national';
  @ApiProperty({ example: '73.66693332', description: 'target − total, never below 0' }) gap: string;
  @ApiProperty({ description: 'false when even every open sub-indicator at 100 stays below the target' }) reachable: boolean;
  @ApiProperty({ example: '75.12', description: 'The total once every priority item is verified at 100' }) totalAfterPriority: string;
  @ApiProperty({ type: [OpenSubIndicatorView], description: 'The priority list: the fewest items that reach the target' })
  priority: OpenSubIndicatorView[];
  @ApiProperty({ type: [OpenSubIndicatorView], description: 'Every sub-indicator below 100, by gain descending' })
  open: OpenSubIndicatorView[];
  @ApiProperty({ description: 'How the list is chosen, and why it is the fewest' }) algorithm: string;
}

export const PATH_ALGORITHM =
  'gain = bobot dalam total × (100 − nilai sekarang) / 100; urut menurun; ambil dari atas sampai total ≥ target. ' +
  'Karena total linear dalam nilai subindikator, gain saling bebas: k gain terbesar adalah tambahan terbesar dari ' +
  'k subindikator mana pun, jadi tidak ada himpunan yang lebih kecil yang mencapai target (fewest items; greedy by ' +
  'gain is optimal because the roll-up is linear).';

export function openView(item: OpenSubIndicator): OpenSubIndicatorView {
  return { ...item, gain: Number(item.gain.toFixed(2)), gainExact: decimalText(item.gain) };
}

export function pathView(path: PathToTarget): Pick<PathToTargetView, 'total' | 'target' | 'gap' | 'reachable' | 'totalAfterPriority' | 'priority' | 'open'> {
  return {
    total: decimalText(path.total),
    target: decimalText(path.target),
    gap: decimalText(path.gap),
    reachable: path.reachable,
    totalAfterPriority: decimalText(path.totalAfterPriority),
    priority: path.priority.map(openView),
    open: path.open.map(openView),
  };
}
