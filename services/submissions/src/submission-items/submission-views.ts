import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { EvidenceView } from '../evidence/submit-evidence.dto';
import { ITEM_STATUSES } from './item-status';

export class DeadlineView {
  @ApiProperty({ example: '2024-11-30T16:59:59.000Z' }) effective: string;
  @ApiProperty({ example: '30 November 2024 pukul 23.59 WIB', description: "In the Pemda's own zone (WIB/WITA/WIT, from its province)" })
  effectiveLocal: string;
  @ApiProperty({ enum: ['framework', 'config'] }) source: string;
  @ApiProperty({ description: 'An admin extended it for this Pemda' }) extended: boolean;
  @ApiProperty({ description: 'Uploads and claim changes are accepted now' }) open: boolean;
}

export class SubmissionItemView {
  @ApiProperty() areaCode: string;
  @ApiProperty() indicatorCode: string;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [Number] }) rubricSteps: number[];
  @ApiProperty({ enum: ITEM_STATUSES, description: '"in review" is not visible to submissions and shows as submitted' })
  status: string;
  @ApiPropertyOptional({ nullable: true, description: 'nilai (self-assessment)' }) claimedValue: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'nilai_verifikasi of the decision in force' }) verifiedValue: number | null;
  @ApiPropertyOptional({ nullable: true, description: "The verifier's reason (revision requested, rejected)" }) decisionReason: string | null;
  @ApiProperty({ type: [EvidenceView], description: 'Files not withdrawn, oldest first' }) files: EvidenceView[];
}

export class ProgressView {
  @ApiProperty() pemdaCode: string;
  @ApiProperty() pemdaName: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: DeadlineView }) deadline: DeadlineView;
  @ApiProperty({ example: { empty: 10, submitted: 2, revision_requested: 1, approved: 3, rejected: 0 } })
  counts: Record<string, number>;
  @ApiProperty({ type: [SubmissionItemView] }) items: SubmissionItemView[];
}

export class HistoryEntryView {
  @ApiProperty({ enum: ['uploaded', 'claim_changed', 'decided', 'withdrawn'] }) kind: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty() actor: string;
  @ApiPropertyOptional({ nullable: true }) evidenceId: string | null;
  @ApiPropertyOptional({ nullable: true }) version: number | null;
  @ApiPropertyOptional({ nullable: true }) claimedValue: number | null;
  @ApiPropertyOptional({ nullable: true }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true }) verifiedValue: number | null;
  @ApiPropertyOptional({ nullable: true, description: "Why: the operator's note, the verifier's reason, the withdrawal's reason" })
  reason: string | null;
}

export class SubmissionHistoryView {
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: SubmissionItemView }) item: SubmissionItemView;
  @ApiProperty({ type: [EvidenceView], description: 'Every version, withdrawn ones included' }) versions: EvidenceView[];
  @ApiProperty({ type: [HistoryEntryView], description: 'Oldest first' }) history: HistoryEntryView[];
}

export class ChangeClaimDto {
  @ApiProperty({ example: 50, nullable: true, description: 'A rubric step of the sub-indicator, or null to withdraw the claim' })
  @ValidateIf((_, value) => value !== null)
  @Type(() => Number)
  @IsNumber({}, { message: 'claimedValue harus angka atau null (claimedValue must be a number or null)' })
  @Min(0)
  @Max(100)
  claimedValue: number | null;

  @ApiPropertyOptional({ example: 'Dokumen implementasi baru ditemukan' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
