import type { AuthPrincipal } from '@mcp/auth';
import type { LocatedSubIndicator } from '@mcp/mcp-domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Evidence } from '../evidence/evidence.entity';
import { EvidenceView, toEvidenceView } from '../evidence/evidence.view';
import type { Submission } from '../submission-records/submission.entity';
import { ITEM_STATUSES, isDecisionNotCounted, itemStatus } from './item-status';

export class SubmissionItemView {
  @ApiProperty() areaCode: string;
  @ApiProperty() indicatorCode: string;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [Number] }) rubricSteps: number[];
  @ApiProperty({ enum: ITEM_STATUSES, description: '"in review" is not visible to submissions and shows as submitted' })
  status: string;
  @ApiPropertyOptional({ nullable: true, description: 'nilai (self-assessment)', type: Number }) claimedValue: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'nilai_verifikasi of the decision in force', type: Number }) verifiedValue: number | null;
  @ApiPropertyOptional({ nullable: true, description: "The verifier's reason (revision requested, rejected)", type: String }) decisionReason: string | null;
  @ApiPropertyOptional({
    nullable: true,
    example: 'Tidak dihitung: tahun 2024 sudah ditutup pada 31 Maret 2025 pukul 17.00 WIB, …',
    description: 'Why scoring did not count the decision in force (status not_counted)',
    type: String,
  })
  notCountedReason: string | null;
  @ApiProperty({ type: [EvidenceView], description: 'Files not withdrawn, oldest first' }) files: EvidenceView[];
}

/** One sub-indicator as the Pemda sees it; `evidence` may include withdrawn versions (left out). */
export function toItemView(located: LocatedSubIndicator, submission: Submission | undefined, evidence: Evidence[], viewer?: AuthPrincipal): SubmissionItemView {
  const active = evidence.filter((item) => item.status !== 'withdrawn');
  const notCounted = isDecisionNotCounted(submission);
  return {
    areaCode: located.area.code,
    indicatorCode: located.indicator.code,
    subIndicatorCode: located.subIndicator.code,
    name: located.subIndicator.name,
    rubricSteps: located.subIndicator.rubricSteps,
    status: itemStatus(submission?.decisionOutcome, active.map((item) => item.status), notCounted),
    claimedValue: submission?.claimedValue ?? null,
    verifiedValue: submission?.verifiedValue ?? null,
    decisionReason: submission?.decisionReason ?? null,
    notCountedReason: notCounted ? (submission?.notCountedReason ?? null) : null,
    files: active.map((item) => toEvidenceView(item, viewer)),
  };
}
