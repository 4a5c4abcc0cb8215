import {
  ClarificationMessagePosted,
  DeadlineExtended,
  EvidenceQuarantined,
  EvidenceVerified,
  QaReviewRequested,
  TaskLeaseExpiring,
  TaskReassigned,
  YearClosed,
  type ClarificationMessagePostedV1,
  type DeadlineExtendedV1,
  type EvidenceQuarantinedV1,
  type EvidenceVerifiedV1,
  type McpEvent,
  type QaReviewRequestedV1,
  type TaskLeaseExpiringV1,
  type TaskReassignedV1,
  type YearClosedV1,
} from '@mcp/contracts';
import { HandleEvent, HandleEventBatch } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from './notifications.service';

/** Kafka only: what happened becomes deliveries (in this transaction); sending comes later. */
@Injectable()
export class NotificationsEvents {
  constructor(private readonly notifications: NotificationsService) {}

  /** Decisions come a partition's fetch at a time: the busiest topic here (docs/decisions.md #95). */
  @HandleEventBatch(EvidenceVerified, { consumer: 'decisions' })
  onDecisions(events: McpEvent<EvidenceVerifiedV1>[], tx: EntityManager): Promise<void> {
    return this.notifications.notifyDecisions(events, tx);
  }

  @HandleEvent(YearClosed, { consumer: 'years' })
  onYearClosed(event: McpEvent<YearClosedV1>, tx: EntityManager): Promise<void> {
    return this.notifications.notifyYearClosed(event, tx);
  }

  @HandleEvent(DeadlineExtended, { consumer: 'deadline-extensions' })
  onDeadlineExtended(event: McpEvent<DeadlineExtendedV1>, tx: EntityManager): Promise<void> {
    return this.notifications.notifyDeadlineExtended(event, tx);
  }

  @HandleEvent(TaskReassigned, { consumer: 'task-reassignments' })
  onTaskReassigned(event: McpEvent<TaskReassignedV1>, tx: EntityManager): Promise<void> {
    return this.notifications.notifyTaskReassigned(event, tx);
  }

  @HandleEvent(TaskLeaseExpiring, { consumer: 'lease-warnings' })
  onLeaseExpiring(event: McpEvent<TaskLeaseExpiringV1>, tx: EntityManager): Promise<void> {
    return this.notifications.notifyLeaseExpiring(event, tx);
  }

  @HandleEvent(QaReviewRequested, { consumer: 'qa-reviews' })
  onQaReviewRequested(event: McpEvent<QaReviewRequestedV1>, tx: EntityManager): Promise<void> {
    return this.notifications.notifyQaReviewRequested(event, tx);
  }

  @HandleEvent(EvidenceQuarantined, { consumer: 'quarantines' })
  onEvidenceQuarantined(event: McpEvent<EvidenceQuarantinedV1>, tx: EntityManager): Promise<void> {
    return this.notifications.notifyEvidenceQuarantined(event, tx);
  }

  @HandleEvent(ClarificationMessagePosted, { consumer: 'clarifications' })
  onClarificationMessage(event: McpEvent<ClarificationMessagePostedV1>, tx: EntityManager): Promise<void> {
    return this.notifications.notifyClarification(event, tx);
  }
}
