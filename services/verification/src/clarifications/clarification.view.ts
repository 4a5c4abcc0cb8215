import { isRole, KPK_ADMIN_PSEUDONYM, KPK_VERIFIER_PSEUDONYM, kpkStaffAsSeenBy, mayIdentifyKpkStaff, type AuthPrincipal } from '@mcp/auth';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Task } from '../task-records/task.entity';
import type { ClarificationMessage, TaskClock, ThreadSummary } from './clarification-message.repository';

export class ClarificationAttachmentView {
  @ApiProperty() id: string;
  @ApiProperty({ description: "The submissions service's authorised download; call it with your own bearer token" })
  downloadUrl: string;
}

export class ClarificationMessageView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['verifier', 'pemda'] }) authorSide: 'verifier' | 'pemda';
  @ApiProperty({ description: `Token subject; the Pemda sees a verifier as "${KPK_VERIFIER_PSEUDONYM}" and an admin answering for it as "${KPK_ADMIN_PSEUDONYM}" (docs/decisions.md #46)` })
  author: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: "The question stopped the task's clock" }) pausesClock: boolean;
  @ApiPropertyOptional({ type: ClarificationAttachmentView, nullable: true }) attachment: ClarificationAttachmentView | null;
  @ApiProperty() postedAt: string;
}

export class TaskClockView {
  @ApiProperty({ description: 'A question is waiting for the Pemda and stops the clock' }) paused: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) pausedSince: string | null;
  @ApiProperty({ description: 'Seconds the clock stood still since the evidence under review arrived (a running pause up to now)' })
  pausedSeconds: number;
}

export class ClarificationThreadView {
  @ApiProperty() taskId: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ description: 'Task status, as in GET /v1/tasks/{id}' }) taskStatus: string;
  @ApiProperty({ description: 'The task is decided, cancelled or its year closed: the thread is read-only' }) readOnly: boolean;
  @ApiProperty({ type: TaskClockView }) clock: TaskClockView;
  @ApiProperty({ type: [ClarificationMessageView] }) messages: ClarificationMessageView[];
}

export function toMessageView(message: ClarificationMessage, viewer: AuthPrincipal, submissionsPublicUrl: string): ClarificationMessageView {
  return {
    id: message.id,
    authorSide: message.authorSide,
    author: authorAsSeenBy(viewer, message),
    body: message.body,
    pausesClock: message.pausesClock,
    attachment: message.attachmentId
      ? { id: message.attachmentId, downloadUrl: `${submissionsPublicUrl}/v1/clarification-attachments/${message.attachmentId}/download` }
      : null,
    postedAt: message.postedAt.toISOString(),
  };
}

export function toThreadView(
  task: Task,
  messages: ClarificationMessage[],
  clock: TaskClock,
  context: { viewer: AuthPrincipal; readOnly: boolean; submissionsPublicUrl: string },
): ClarificationThreadView {
  return {
    taskId: task.id,
    pemdaCode: task.pemdaCode,
    year: task.year,
    subIndicatorCode: task.subIndicatorCode,
    taskStatus: task.status,
    readOnly: context.readOnly,
    clock: { paused: clock.pausedSince !== null, pausedSince: clock.pausedSince?.toISOString() ?? null, pausedSeconds: Math.round(clock.pausedSeconds * 1000) / 1000 },
    messages: messages.map((message) => toMessageView(message, context.viewer, context.submissionsPublicUrl)),
  };
}

/**
 * A verifier's message, and an admin's answer on the Pemda's side (a KPK person all the same),
 * show to the Pemda as KPK; its own users' messages by their subject.
 */
function authorAsSeenBy(viewer: AuthPrincipal, message: ClarificationMessage): string {
  if (message.authorSide === 'verifier') return kpkStaffAsSeenBy(viewer, message.author, KPK_VERIFIER_PSEUDONYM);
  const author: AuthPrincipal = { subject: message.author, roles: message.authorRoles.filter(isRole) };
  return mayIdentifyKpkStaff(author) ? kpkStaffAsSeenBy(viewer, message.author, KPK_ADMIN_PSEUDONYM) : message.author;
}

/** A Pemda's thread in its list (GET /v1/pemda/:pemdaCode/clarifications). */
export class ClarificationThreadSummaryView {
  @ApiProperty() taskId: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ description: 'Task status, as in GET /v1/tasks/{id}' }) taskStatus: string;
  @ApiProperty() messageCount: number;
  @ApiProperty() lastPostedAt: string;
  @ApiProperty({ enum: ['verifier', 'pemda'], description: 'Who wrote the latest message' }) lastAuthorSide: 'verifier' | 'pemda';
  @ApiProperty({ description: 'A verifier wrote last and the task is not finished: the Pemda owes an answer (such threads come first)' })
  waitingForPemda: boolean;
  @ApiProperty({ description: "A verifier's question stopped the task's clock until the Pemda answers (a decision, the task's cancellation or the year's closing ends it too)" })
  clockPaused: boolean;
  @ApiProperty({ description: 'The task is decided, cancelled or its year closed: the thread is a record, nobody writes on it' }) readOnly: boolean;
}

export function toThreadSummaryView(summary: ThreadSummary): ClarificationThreadSummaryView {
  return { ...summary, lastPostedAt: summary.lastPostedAt.toISOString() };
}
