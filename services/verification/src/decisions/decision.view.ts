import { DECISION_OUTCOMES } from '@mcp/mcp-domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DECISION_KINDS, type Decision } from './decision.entity';

export class DecisionView {
  @ApiProperty() id: string;
  @ApiProperty() taskId: string;
  @ApiProperty({ description: 'Grows with every decision on the Pemda × year × sub-indicator; the highest is in force' })
  sequence: number;
  @ApiProperty({ enum: DECISION_KINDS }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) supersedesDecisionId: string | null;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ enum: DECISION_OUTCOMES }) outcome: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) verifiedValue: number | null;
  @ApiPropertyOptional({ nullable: true, example: 'DOKUMEN_TIDAK_LENGKAP', type: String }) reasonCode: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'What the Pemda is told', type: String }) reason: string | null;
  @ApiProperty() decidedBy: string;
  @ApiProperty() decidedAt: string;
  @ApiPropertyOptional({ nullable: true, description: 'Until when its verifier may correct it', type: String }) correctableUntil: string | null;
  @ApiProperty({ description: 'False when scoring refused it (a closed year): it counts in no score' }) counted: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['year_closed', null] }) notCountedReasonCode: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'Tidak dihitung: tahun 2024 sudah ditutup pada 31 Maret 2025 pukul 17.00 WIB, …', description: "Scoring's reason", type: String })
  notCountedReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) notCountedAt: string | null;
}

export function toDecisionView(decision: Decision): DecisionView {
  return {
    id: decision.id,
    taskId: decision.taskId,
    sequence: decision.sequence,
    kind: decision.kind,
    supersedesDecisionId: decision.supersedesDecisionId,
    pemdaCode: decision.pemdaCode,
    year: decision.year,
    subIndicatorCode: decision.subIndicatorCode,
    outcome: decision.outcome,
    verifiedValue: decision.verifiedValue,
    reasonCode: decision.reasonCode,
    note: decision.note,
    reason: decision.reason,
    decidedBy: decision.decidedBy,
    decidedAt: decision.decidedAt.toISOString(),
    correctableUntil: decision.correctableUntil?.toISOString() ?? null,
    // A decision just created in memory has the columns undefined, not null.
    counted: !decision.notCountedAt,
    notCountedReasonCode: decision.notCountedReasonCode ?? null,
    notCountedReason: decision.notCountedReason ?? null,
    notCountedAt: decision.notCountedAt?.toISOString() ?? null,
  };
}
