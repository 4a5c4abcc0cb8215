import { DecisionRefused, EvidenceVerified } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { SubmissionItemsEvents } from './submission-items.events';

describe('SubmissionItemsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer names submissions.decisions and submissions.decision-refused', () => {
    expect(eventHandlersDeclaredOn(SubmissionItemsEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [EvidenceVerified, 'decisions'],
      [DecisionRefused, 'decision-refused'],
    ]);
  });
});
