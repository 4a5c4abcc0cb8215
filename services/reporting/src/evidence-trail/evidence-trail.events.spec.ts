import { DecisionRefused, EvidenceSubmitted, EvidenceVerified, EvidenceWithdrawn } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { EvidenceTrailEvents } from './evidence-trail.events';

describe('EvidenceTrailEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the consumer names reporting.evidence-submitted, reporting.evidence-withdrawn, reporting.evidence-verified and reporting.decision-refused, taking batches', () => {
    expect(eventHandlersDeclaredOn(EvidenceTrailEvents).map(({ contract, consumer, batch }) => [contract, consumer, batch])).toEqual([
      [EvidenceSubmitted, 'evidence-submitted', true],
      [EvidenceWithdrawn, 'evidence-withdrawn', true],
      [EvidenceVerified, 'evidence-verified', true],
      [DecisionRefused, 'decision-refused', true],
    ]);
  });
});
