import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Task } from './task.entity';
import type { TaskEvidence } from './task-evidence.entity';

export class TaskEvidenceView {
  @ApiProperty() evidenceId: string;
  @ApiProperty() sha256: string;
  @ApiProperty() fileName: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() submittedAt: string;
}

export class TaskView {
  @ApiProperty() id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() wilayah: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ enum: ['open', 'claimed', 'revision_requested', 'decided'] }) status: string;
  @ApiPropertyOptional({ nullable: true }) claimedValue: number | null;
  @ApiPropertyOptional({ nullable: true }) claimedBy: string | null;
  @ApiPropertyOptional({ nullable: true }) leaseExpiresAt: string | null;
  @ApiPropertyOptional({ nullable: true }) outcome: string | null;
  @ApiProperty({ description: 'When the evidence last changed: compare before deciding' }) evidenceChangedAt: string;
  @ApiProperty({ type: [TaskEvidenceView] }) evidence: TaskEvidenceView[];
}

export function toTaskView(task: Task, evidence: TaskEvidence[]): TaskView {
  return {
    id: task.id,
    pemdaCode: task.pemdaCode,
    wilayah: task.wilayah,
    year: task.year,
    subIndicatorCode: task.subIndicatorCode,
    status: task.status,
    claimedValue: task.claimedValue,
    claimedBy: task.claimedBy,
    leaseExpiresAt: task.leaseExpiresAt?.toISOString() ?? null,
    outcome: task.outcome,
    evidenceChangedAt: task.evidenceChangedAt.toISOString(),
    evidence: evidence.map((item) => ({
      evidenceId: item.evidenceId,
      sha256: item.sha256,
      fileName: item.fileName,
      sizeBytes: item.sizeBytes,
      submittedAt: item.submittedAt.toISOString(),
    })),
  };
}
