import { ClarificationMessagePosted, DeadlineExtended, EvidenceQuarantined, EvidenceVerified, QaReviewRequested, TaskLeaseExpiring, TaskReassigned, VerifierWilayahAssigned, YearClosed } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/webhook-event-types';
import { NotificationsEvents } from './notifications.events';

describe('NotificationsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would notify redelivered events again.
  it('keeps the deployed consumer names', () => {
    expect(eventHandlersDeclaredOn(NotificationsEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [EvidenceVerified, 'decisions'],
      [YearClosed, 'years'],
      [DeadlineExtended, 'deadline-extensions'],
      [TaskReassigned, 'task-reassignments'],
      [TaskLeaseExpiring, 'lease-warnings'],
      [QaReviewRequested, 'qa-reviews'],
      [EvidenceQuarantined, 'quarantines'],
      [ClarificationMessagePosted, 'clarifications'],
    ]);
  });

  it('takes decisions in batches, every other event one at a time', () => {
    const batched = eventHandlersDeclaredOn(NotificationsEvents).filter(({ batch }) => batch);
    expect(batched.map(({ contract, consumer }) => [contract, consumer])).toEqual([[EvidenceVerified, 'decisions']]);
  });

  it('offers no webhook for the events that name KPK staff, least of all the confidential QA sample', () => {
    for (const contract of [TaskReassigned, TaskLeaseExpiring, QaReviewRequested, VerifierWilayahAssigned, ClarificationMessagePosted]) expect(WEBHOOK_EVENT_TYPES).not.toContain(contract.type);
  });
});
