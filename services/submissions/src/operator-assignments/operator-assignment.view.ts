import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AssignmentHistoryEntry, OperatorAssignment } from './operator-assignment.repository';

export class OperatorAssignmentView {
  @ApiProperty() pemdaCode: string;
  @ApiProperty() operatorSubject: string;
  @ApiPropertyOptional({ nullable: true, type: String }) operatorName: string | null;
  @ApiProperty() opdName: string;
  @ApiProperty({ type: [String] }) areaCodes: string[];
  @ApiProperty({ type: [String] }) indicatorCodes: string[];
  @ApiProperty({ type: [String] }) picAreaCodes: string[];
  @ApiProperty({ description: 'Unfinished items this person is responsible for (what a handover would move)' }) openItemCount: number;
  @ApiProperty() assignedBy: string;
  @ApiProperty() assignedAt: string;
}

export class OperatorAssignmentsView {
  @ApiProperty() pemdaCode: string;
  @ApiProperty({ type: [OperatorAssignmentView] }) operators: OperatorAssignmentView[];
  @ApiProperty({ description: 'Area code → the PIC (operator subject)', example: { ANG: 'operator-bpkad' } }) picByArea: Record<string, string>;
}

export class HandoverView {
  @ApiProperty() pemdaCode: string;
  @ApiProperty() fromSubject: string;
  @ApiProperty() toSubject: string;
  @ApiProperty({ description: 'The items moved, as year/sub-indicator', example: ['2024/ANG.1.1'] }) movedItems: string[];
  @ApiProperty({ type: OperatorAssignmentView, description: "The recipient's assignment after taking over the departing person's areas, indicators and PIC" })
  recipient: OperatorAssignmentView;
  @ApiProperty() handedOverBy: string;
  @ApiProperty() handedOverAt: string;
}

export class AssignmentHistoryEntryView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['assigned', 'removed', 'handed_over'] }) kind: string;
  @ApiProperty() operatorSubject: string;
  @ApiPropertyOptional({ nullable: true, description: 'handed_over: who took over', type: String }) toSubject: string | null;
  @ApiProperty() actor: string;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiProperty() occurredAt: string;
}

export function toAssignmentView(assignment: OperatorAssignment, openItemCount: number): OperatorAssignmentView {
  return {
    pemdaCode: assignment.pemdaCode,
    operatorSubject: assignment.operatorSubject,
    operatorName: assignment.operatorName,
    opdName: assignment.opdName,
    areaCodes: assignment.areaCodes,
    indicatorCodes: assignment.indicatorCodes,
    picAreaCodes: assignment.picAreaCodes,
    openItemCount,
    assignedBy: assignment.assignedBy,
    assignedAt: new Date(assignment.assignedAt).toISOString(),
  };
}

export function toHistoryEntryView(entry: AssignmentHistoryEntry): AssignmentHistoryEntryView {
  return {
    id: entry.id,
    kind: entry.kind,
    operatorSubject: entry.operatorSubject,
    toSubject: entry.toSubject,
    actor: entry.actor,
    details: entry.details,
    occurredAt: new Date(entry.occurredAt).toISOString(),
  };
}
