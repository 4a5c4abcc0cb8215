import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DecisionView, toDecisionView } from '../decisions/decision.view';
import type { Decision } from '../decisions/decision.entity';
import { isLiveClaim } from '../task-records/live-claim';
import { TASK_STATUSES, type Task } from '../task-records/task.entity';
import type { TaskEvidence } from '../task-records/task-evidence.entity';

export class TaskEvidenceView {
  @ApiProperty() evidenceId: string;
  @ApiProperty() sha256: string;
  @ApiProperty() fileName: string;
  @ApiProperty() sizeBytes: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) claimedValue: number | null;
  @ApiProperty() submittedAt: string;
  @ApiPropertyOptional({ nullable: true, description: 'The Pemda withdrew it after this task was claimed; it stays for the holder to see', type: String })
  withdrawnAt: string | null;
  @ApiProperty({ description: "The submissions service's authorised download; call it with your own bearer token" })
  downloadUrl: string;
}

export class TaskView {
  @ApiProperty() id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() provinceCode: string;
  @ApiProperty() wilayah: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ enum: TASK_STATUSES, description: 'A claim whose lease ran out shows as open' })
  status: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) claimedValue: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) claimedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) claimedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) leaseExpiresAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ description: 'Verification deadline (the framework upload deadline of the year)' }) deadline: string;
  @ApiProperty({ description: 'Most this item can add to the Pemda total (exact decimal)', example: '1.33306668' })
  weightInTotal: string;
  @ApiProperty({ description: 'When the evidence under review was uploaded' }) waitingSince: string;
  @ApiProperty() revisionRounds: number;
  @ApiProperty({ description: 'Send this back in the decision: it proves which evidence you saw' }) evidenceChangedAt: string;
  @ApiProperty({ description: 'The evidence changed (upload or withdrawal) after the current claim began' })
  evidenceChangedSinceClaim: boolean;
  @ApiProperty({ type: [TaskEvidenceView] }) evidence: TaskEvidenceView[];
  @ApiProperty({ type: [DecisionView], description: 'Every decision on this task, oldest first; corrected ones stay' })
  decisions: DecisionView[];
}

export interface TaskViewContext {
  now: Date;
  submissionsPublicUrl: string;
}

export function toTaskView(task: Task, evidence: TaskEvidence[], decisions: Decision[], context: TaskViewContext): TaskView {
  const expired = task.status === 'claimed' && !isLiveClaim(task, context.now);
  return {
    id: task.id,
    pemdaCode: task.pemdaCode,
    provinceCode: task.provinceCode,
    wilayah: task.wilayah,
    year: task.year,
    subIndicatorCode: task.subIndicatorCode,
    status: expired ? 'open' : task.status,
    claimedValue: task.claimedValue,
    claimedBy: expired ? null : task.claimedBy,
    claimedAt: expired ? null : (task.claimedAt?.toISOString() ?? null),
    leaseExpiresAt: expired ? null : (task.leaseExpiresAt?.toISOString() ?? null),
    outcome: task.outcome,
    deadline: task.deadline.toISOString(),
    weightInTotal: task.weightInTotal,
    waitingSince: task.waitingSince.toISOString(),
    revisionRounds: task.revisionRounds,
    evidenceChangedAt: task.evidenceChangedAt.toISOString(),
    evidenceChangedSinceClaim: !expired && task.claimedAt !== null && task.evidenceChangedAt > task.claimedAt,
    evidence: evidence.map((item) => ({
      evidenceId: item.evidenceId,
      sha256: item.sha256,
      fileName: item.fileName,
      sizeBytes: item.sizeBytes,
      claimedValue: item.claimedValue,
      submittedAt: item.submittedAt.toISOString(),
      withdrawnAt: item.withdrawnAt?.toISOString() ?? null,
      downloadUrl: `${context.submissionsPublicUrl}/v1/evidence/${item.evidenceId}/download`,
    })),
    decisions: decisions.map(toDecisionView),
  };
}
