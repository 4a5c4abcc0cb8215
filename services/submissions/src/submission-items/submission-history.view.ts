import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EvidenceView } from '../evidence/evidence.view';
import type { SubmissionHistory } from '../submission-records/submission-history.entity';
import { SubmissionItemView } from './item.view';

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

export function toHistoryEntryView(entry: SubmissionHistory): HistoryEntryView {
  return {
    kind: entry.kind,
    occurredAt: entry.occurredAt.toISOString(),
    actor: entry.actor,
    evidenceId: entry.evidenceId,
    version: entry.version,
    claimedValue: entry.claimedValue,
    outcome: entry.outcome,
    verifiedValue: entry.verifiedValue,
    reason: entry.reason,
  };
}
