import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_HISTORY_KINDS, type TaskHistoryKind, type TaskHistoryRow } from '../task-records/task-history.repository';

export class TaskHistoryEntryView {
  @ApiProperty() at: string;
  @ApiProperty({ enum: TASK_HISTORY_KINDS, example: 'claimed' }) kind: TaskHistoryKind;
  @ApiPropertyOptional({ nullable: true, description: 'Who acted; null for the system (e.g. a re-seeded wilayah mapping)', type: String }) actor: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) detail: Record<string, unknown> | null;
}

export function toTaskHistoryEntryView(row: TaskHistoryRow): TaskHistoryEntryView {
  return { ...row, at: row.at.toISOString() };
}
